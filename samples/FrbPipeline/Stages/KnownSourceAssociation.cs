using ChimeLogger;
using Microsoft.Extensions.Logging;

namespace FrbPipeline.Stages;

/// <summary>
/// Written with the manual API on purpose: the operation starts before it knows which entity it is about
/// (it searches the catalogue by sky position), so it sets the entity id once the match is found.
/// </summary>
public sealed class KnownSourceAssociation(ChimeTracer tracer, ILogger logger)
{
    public void Associate(IReadOnlyList<Classification> classified)
    {
        foreach (Classification verdict in classified.Where(c => c.Class == "KNOWN_PULSAR"))
        {
            using HelixToken op = tracer.Operate("known-source-association", resourceType: "event");
            using (tracer.ChildSpan("catalogue-crossmatch"))
            {
                logger.LogDebug("Cross-matching DM {Dm} against the pulsar catalogue", verdict.Dm);
            }

            op.SetEntityId(verdict.EventId);
            op.AddEvent("helix.event.associated", new Dictionary<string, object?> { ["source"] = "B0329+54", ["dm"] = verdict.Dm });
            logger.LogInformation("{EventId} associated with known pulsar B0329+54", verdict.EventId);
        }
    }
}
