using ChimeLogger.Export;
using OpenTelemetry;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The export in progress that the exporter shares with the backlog handler under it: an attempt is current only while
/// its export runs, so that a request sent outside an export (the backlog's own resend) is never taken for it.
/// </summary>
public sealed class ExportInProgressTests
{
    [Fact]
    public void An_attempt_is_current_only_until_its_export_ends()
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        ExportInProgress exports = new(gate);

        ExportAttempt attempt = exports.Begin(3);
        Assert.Same(attempt, exports.Current);

        exports.End(attempt, ExportResult.Success);

        Assert.Null(exports.Current);
        Assert.True(attempt.Succeeded);
        Assert.Equal((3L, 0L), (gate.Exported, gate.Inside));
    }
}
