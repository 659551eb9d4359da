using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests;

/// <summary>
/// How <see cref="ChimeTracer.Dispose"/> shares <see cref="ChimeLoggerOptions.ShutdownTimeout"/>: the pipelines' shutdown
/// gets what the flush left of it, and at least half a second (or the whole limit when that is shorter) after a flush
/// that used it all up, so that the lost-telemetry warning can still go out.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ShutdownBudgetTests
{
    [Fact]
    public void After_a_quick_flush_the_shutdown_gets_what_is_left_of_the_limit()
    {
        ShutdownProbe<LogRecord> logs = new(flushFor: TimeSpan.Zero);
        TelemetryHarness harness = new(configure: options =>
        {
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
            options.ConfigureLogging = logging => logging.AddProcessor(logs);
        });

        harness.Dispose();

        Assert.InRange(logs.ShutdownTimeoutMilliseconds, 5_000, 10_000);
    }

    [Fact]
    public void After_a_flush_that_used_up_the_limit_the_shutdown_still_gets_half_a_second()
    {
        ShutdownProbe<LogRecord> logs = new(flushFor: TimeSpan.FromSeconds(2));
        TelemetryHarness harness = new(configure: options =>
        {
            options.ShutdownTimeout = TimeSpan.FromSeconds(1);
            options.ConfigureLogging = logging => logging.AddProcessor(logs);
        });

        harness.Dispose();

        Assert.InRange(logs.ShutdownTimeoutMilliseconds, 100, 500);
    }

    [Fact]
    public void A_limit_shorter_than_half_a_second_is_kept_to()
    {
        ShutdownProbe<LogRecord> logs = new(flushFor: TimeSpan.FromSeconds(1));
        TelemetryHarness harness = new(configure: options =>
        {
            options.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
            options.ConfigureLogging = logging => logging.AddProcessor(logs);
        });

        harness.Dispose();

        Assert.InRange(logs.ShutdownTimeoutMilliseconds, 0, 200);
    }

    /// <summary>A pipeline stage whose flush takes a while and that records the time its shutdown is given.</summary>
    private sealed class ShutdownProbe<T>(TimeSpan flushFor) : BaseProcessor<T>
    {
        private int _shutdownTimeout = -2;

        public int ShutdownTimeoutMilliseconds => Volatile.Read(ref _shutdownTimeout);

        protected override bool OnForceFlush(int timeoutMilliseconds)
        {
            Thread.Sleep(flushFor);
            return true;
        }

        protected override bool OnShutdown(int timeoutMilliseconds)
        {
            Volatile.Write(ref _shutdownTimeout, timeoutMilliseconds);
            return true;
        }
    }
}
