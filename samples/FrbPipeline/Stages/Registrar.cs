using ChimeLogger;
using Microsoft.Extensions.Logging;

namespace FrbPipeline.Stages;

/// <summary>Registers classified events in the event catalogue.</summary>
public sealed partial class Registrar(ILogger logger)
{
    private int _sequence = 200_000;

    [Operate("register", ResourceType = "event")]
    public partial int Register([ResourceName] string eventId, [SpanAttribute("helix.chime.class")] string classification);

    private int RegisterCore(string eventId, string classification)
    {
        int catalogueNumber = ++_sequence;
        logger.LogInformation("Registered {EventId} ({Class}) as catalogue entry {CatalogueNumber}", eventId, classification, catalogueNumber);
        return catalogueNumber;
    }
}
