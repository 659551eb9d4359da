using ChimeLogger;
using Microsoft.Extensions.Logging;

namespace FrbPipeline.Stages;

/// <summary>Classifies events (astrophysical, RFI, known source) and records the verdict as a helix event.</summary>
public sealed partial class Classifier(ILogger logger, Random random)
{
    private static readonly string[] Classes = ["FRB", "FRB", "FRB", "RFI", "KNOWN_PULSAR"];

    [Operate("classify", ResourceType = "event")]
    public partial Classification Classify([ResourceName] string eventId, double dm, double snr);

    private Classification ClassifyCore(string eventId, double dm, double snr, HelixToken token)
    {
        double rfiProbability = ExtractFeatures(eventId);
        string verdict = Classes[random.Next(Classes.Length)];
        token.AddEvent("helix.event.classified", new Dictionary<string, object?>
        {
            ["dm"] = dm,
            ["snr"] = snr,
            ["class"] = verdict,
            ["rfi_probability"] = rfiProbability,
        });
        logger.LogInformation("Classified as {Class} (RFI probability {RfiProbability:F2})", verdict, rfiProbability);
        return new Classification(eventId, verdict, rfiProbability, dm, snr);
    }

    [ChildSpan("feature-extraction")]
    private partial double ExtractFeatures(string eventId);

    private double ExtractFeaturesCore(string eventId)
    {
        double probability = Math.Round(random.NextDouble() * 0.3, 3);
        logger.LogDebug("Spectral index, scattering and bandwidth extracted for {EventId}", eventId);
        return probability;
    }
}
