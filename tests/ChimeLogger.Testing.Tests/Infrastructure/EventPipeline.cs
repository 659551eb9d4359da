using Microsoft.Extensions.Logging;

namespace ChimeLogger.Testing.Tests.Infrastructure;

/// <summary>A small instrumented pipeline: the generator writes the spans of these methods, as in a user's project.</summary>
public sealed partial class EventPipeline(ILogger log)
{
    [Create("l2-event", ResourceType = "event")]
    public partial void Promote([ResourceName] string eventId, [Parents] IReadOnlyList<string> beamIds);

    private void PromoteCore(string eventId, IReadOnlyList<string> beamIds) =>
        log.LogInformation("Promoted {EventId} from {Beams} beams", eventId, beamIds.Count);

    [Operate("classify", ResourceType = "event")]
    public partial string Classify([ResourceName] string eventId, [SpanAttribute("helix.chime.dm")] double dm);

    private string ClassifyCore(string eventId, double dm, HelixToken token)
    {
        string classification = Fit(dm);
        token.AddEvent("helix.event.classified", new Dictionary<string, object?> { ["dm"] = dm, ["class"] = classification });
        log.LogInformation("Classified as {Class}", classification);
        return classification;
    }

    [ChildSpan("dm-fit")]
    private partial string Fit(double dm);

    private string FitCore(double dm) => dm > 100 ? "FRB" : "RFI";

    [Operate("convert-filterbank", ResourceType = "event")]
    public partial void Convert([ResourceName] string eventId, bool corrupt);

    private void ConvertCore(string eventId, bool corrupt, HelixToken token)
    {
        if (corrupt)
        {
            log.LogWarning("Header of {EventId} is corrupt", eventId);
            token.Error(new Dictionary<string, object?> { ["message"] = "conversion_failed", ["stage"] = "convert-filterbank", ["detail"] = "bad header" });
        }
    }

    [Operate("calibrate", ResourceType = "event")]
    public partial void Calibrate([ResourceName] string eventId);

    private void CalibrateCore(string eventId) => throw new InvalidDataException($"no calibrator for {eventId}");
}
