using ChimeLogger;
using Microsoft.Extensions.Logging;

namespace FrbPipeline.Stages;

/// <summary>
/// Converts an event's intensity data to filterbank files. Some conversions fail for good: the span is
/// ended with <see cref="HelixToken.Error(string, string?)"/>. Calibration can also throw, and the exception
/// escapes the instrumented method (recorded by the generated code, then handled by the driver).
/// </summary>
public sealed partial class Converter(ILogger logger, Random random)
{
    [Operate("convert-filterbank", ResourceType = "event")]
    public partial bool Convert([ResourceName] string eventId, int beamCount);

    private bool ConvertCore(string eventId, int beamCount, HelixToken token)
    {
        Calibrate(eventId);
        if (random.NextDouble() < 0.2)
        {
            logger.LogError("Conversion of {EventId} failed: truncated header", eventId);
            token.Error("conversion_failed", detail: $"{beamCount} beams, header of beam 0 truncated");
            return false;
        }

        logger.LogInformation("Wrote {BeamCount} filterbank files for {EventId}", beamCount, eventId);
        return true;
    }

    [ChildSpan("intensity-calibration")]
    private partial void Calibrate(string eventId);

    private void CalibrateCore(string eventId)
    {
        if (random.NextDouble() < 0.15)
        {
            throw new InvalidDataException($"Calibration table missing for {eventId}");
        }
    }
}
