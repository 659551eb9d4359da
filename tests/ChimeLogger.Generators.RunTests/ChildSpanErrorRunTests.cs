using System.Diagnostics;
using ChimeLogger.Generators.RunTests.Infrastructure;

namespace ChimeLogger.Generators.RunTests;

/// <summary>A calibration stage whose child steps fail: one is handled by the stage, one is reported by the code.</summary>
public partial class CalibrationStage
{
    [Create("calibrate", ResourceType = "event")]
    public partial void Calibrate([ResourceName] string eventId);

    private void CalibrateCore(string eventId)
    {
        try
        {
            FetchCalibration(eventId);
        }
        catch (TimeoutException)
        {
            // Handled here: a cached calibration is used, the entity is fine.
        }

        CheckGains(eventId);
    }

    [ChildSpan("fetch-calibration")]
    private partial void FetchCalibration(string eventId);

    private void FetchCalibrationCore(string eventId) => throw new TimeoutException("calibration server busy for " + eventId);

    [ChildSpan("check-gains")]
    private partial void CheckGains(string eventId);

    private void CheckGainsCore(string eventId, HelixToken token) => token.AddError("gain_out_of_range", detail: eventId);
}

/// <summary>
/// Generated [ChildSpan] methods keep errors herald-true: an exception leaving a child step and handled by the entity's
/// code is the child's OpenTelemetry exception event, not a helix error; an error the code records through a child token
/// lands on the entity span with a stage.
/// </summary>
[Collection(ProcessTelemetryCollection.Name)]
public sealed class ChildSpanErrorRunTests
{
    [Fact]
    public void A_handled_child_exception_is_not_a_helix_error_and_a_recorded_child_error_lands_on_the_entity()
    {
        using TelemetryScope scope = new();

        new CalibrationStage().Calibrate("evt-cal");

        Activity entity = scope.Single("calibrate");
        ActivityEvent error = Assert.Single(entity.Events);
        Assert.Equal("helix.error", error.Name);
        Dictionary<string, object?> tags = error.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("gain_out_of_range", tags["message"]);
        Assert.Equal("calibrate", tags["stage"]);
        Assert.Equal("check-gains", tags["child_span"]);

        Activity fetch = scope.Single("fetch-calibration");
        Assert.Equal(ActivityStatusCode.Error, fetch.Status);
        Assert.Equal("exception", Assert.Single(fetch.Events).Name);
        Assert.Equal(ActivityStatusCode.Error, scope.Single("check-gains").Status);
        Assert.Empty(scope.Single("check-gains").Events);
    }
}
