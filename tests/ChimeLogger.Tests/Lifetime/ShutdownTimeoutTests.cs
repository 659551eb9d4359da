using System.Diagnostics;
using ChimeLogger.Lifetime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests.Lifetime;

/// <summary>
/// The one <see cref="ChimeLoggerOptions.ShutdownTimeout"/> of the end: the clock a host's flush and the disposal share,
/// the part kept for the pipelines' shutdown (at least half a second, or the whole of a shorter limit, after a flush that
/// used it up), what is said while the end waits, and a host whose own limit runs out first.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ShutdownTimeoutTests
{
    [Fact]
    public void The_shutdown_clock_is_shared_keeps_part_of_the_limit_for_the_shutdown_and_can_be_used_up()
    {
        ShutdownClock clock = new(TimeSpan.FromSeconds(4));
        Assert.Equal(4_000, clock.LeftMilliseconds);

        clock.Start();
        Thread.Sleep(50);
        clock.Start(); // a later step does not start it again
        Assert.InRange(clock.LeftMilliseconds, 1, 3_950);
        Assert.InRange(clock.FlushMilliseconds, 1, 3_450);
        Assert.InRange(clock.ShutdownMilliseconds, 500, 3_950);

        clock.Expire();
        Assert.Equal(0, clock.LeftMilliseconds);
        Assert.Equal(0, clock.FlushMilliseconds);
        Assert.Equal(500, clock.ShutdownMilliseconds);
        Assert.Equal(300, new ShutdownClock(TimeSpan.FromMilliseconds(400)).FlushMilliseconds); // a quarter kept of a short limit
    }

    [Fact]
    public void A_clock_past_its_deadline_has_nothing_left_however_long_ago_the_deadline_was()
    {
        ShutdownClock clock = new(TimeSpan.FromMilliseconds(1));
        clock.Start();
        WaitPast(Stopwatch.GetTimestamp() + Stopwatch.Frequency / 50); // 20 ms past the 1 ms deadline

        Assert.Equal(0, clock.LeftMilliseconds);
        Assert.Equal(0, clock.FlushMilliseconds);
        Assert.Equal(1, clock.ShutdownMilliseconds); // the whole of a limit shorter than half a second

        ShutdownClock expired = new(TimeSpan.FromSeconds(4));
        expired.Start();
        expired.Expire();
        WaitPast(Stopwatch.GetTimestamp() + Stopwatch.Frequency / 50);
        expired.Expire(); // expiring again leaves it expired
        Assert.Equal(0, expired.LeftMilliseconds);
        Assert.Equal(500, expired.ShutdownMilliseconds);
    }

    [Fact]
    public void A_clock_before_its_deadline_has_some_of_the_limit_left_and_never_more()
    {
        ShutdownClock clock = new(TimeSpan.FromMinutes(10));
        clock.Start();

        Assert.InRange(clock.LeftMilliseconds, 1, 600_000);
        Assert.InRange(clock.FlushMilliseconds, 1, 599_500);
    }

    [Fact]
    public void Expiring_a_clock_nobody_started_uses_up_the_whole_limit()
    {
        ShutdownClock clock = new(TimeSpan.FromSeconds(4));

        clock.Expire();

        Assert.Equal(0, clock.LeftMilliseconds);
        Assert.Equal(0, clock.FlushMilliseconds);
        Assert.Equal(500, clock.ShutdownMilliseconds);
        clock.Start(); // a later step does not start it again
        Assert.Equal(0, clock.LeftMilliseconds);
    }

    /// <summary>Waits until the stopwatch is past <paramref name="timestamp"/> (no duration is asserted, only an order).</summary>
    private static void WaitPast(long timestamp)
    {
        while (Stopwatch.GetTimestamp() <= timestamp)
        {
            Thread.Sleep(1);
        }
    }

    [Fact]
    public void A_flush_that_waits_says_once_what_it_waits_for_and_how_long_at_most()
    {
        SlowFlush<LogRecord> slow = new(TimeSpan.FromMilliseconds(1500));
        CapturingLogger warnings = new();
        TelemetryHarness harness = new(configure: options =>
        {
            options.ShutdownTimeout = TimeSpan.FromSeconds(4);
            options.ConfigureLogging = logging => logging.AddProcessor(slow);
            options.ConfigureLoggerFactory = logging => logging.AddProvider(new CapturingLoggerProvider(warnings));
        });
        harness.Tracer.Lifetime.Notice.Delay = TimeSpan.FromMilliseconds(100);

        harness.Tracer.Flush(); // a flush outside the end says nothing
        harness.Dispose();

        string notice = Assert.Single(warnings.Messages);
        Assert.StartsWith("Stopping: waiting up to ", notice, StringComparison.Ordinal);
        Assert.Contains("(ShutdownTimeout 4.0 s) for the herald at http://localhost:4317/ to take 0 spans", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_stops_within_its_own_ShutdownTimeout_shares_one_ChimeLogger_ShutdownTimeout_between_its_flush_and_the_disposal()
    {
        SlowFlush<LogRecord> slow = new(TimeSpan.FromMilliseconds(300));
        IHost host = HostWith(slow, hostShutdown: TimeSpan.FromSeconds(30));
        await host.StartAsync();

        await host.StopAsync();
        host.Dispose();

        // The clock started at the host's flush and went on through it: the disposal got what was left after both flushes,
        // not a limit of its own.
        Assert.Equal(2, slow.Flushes);
        Assert.InRange(slow.ShutdownTimeouts.Single(), 1, 10_000 - 600);
    }

    [Fact]
    public async Task A_host_whose_own_ShutdownTimeout_runs_out_first_stops_waiting_says_so_and_only_shuts_down()
    {
        SlowFlush<LogRecord> slow = new(TimeSpan.FromSeconds(2));
        CapturingLogger warnings = new();
        IHost host = HostWith(slow, hostShutdown: TimeSpan.FromMilliseconds(200), warnings);
        await host.StartAsync();

        Stopwatch stopping = Stopwatch.StartNew();
        await host.StopAsync();
        stopping.Stop();
        host.Dispose();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(1.5), $"StopAsync took {stopping.Elapsed}: ChimeLogger waited past the host's limit");
        Assert.Contains(warnings.Messages, m => m.StartsWith("The host's ShutdownTimeout ran out while ChimeLogger was still delivering", StringComparison.Ordinal));
        Assert.Equal(500, slow.ShutdownTimeouts.Single());
    }

    private static IHost HostWith(SlowFlush<LogRecord> slow, TimeSpan hostShutdown, CapturingLogger? warnings = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = hostShutdown);
        builder.AddChimeLogger(options =>
        {
            options.EnvironmentReader = _ => null;
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
            options.ConfigureLogging = logging => logging.AddProcessor(slow);
            if (warnings is not null)
            {
                options.ConfigureLoggerFactory = logging => logging.AddProvider(new CapturingLoggerProvider(warnings));
            }
        });
        return builder.Build();
    }

    /// <summary>A pipeline stage whose flush takes a while, recording each flush and the time its shutdown is given.</summary>
    private sealed class SlowFlush<T>(TimeSpan flushFor) : BaseProcessor<T>
    {
        private readonly List<int> _shutdownTimeouts = [];
        private int _flushes;

        public int Flushes => Volatile.Read(ref _flushes);

        public List<int> ShutdownTimeouts
        {
            get
            {
                lock (_shutdownTimeouts)
                {
                    return [.. _shutdownTimeouts];
                }
            }
        }

        protected override bool OnForceFlush(int timeoutMilliseconds)
        {
            Interlocked.Increment(ref _flushes);
            Thread.Sleep(flushFor);
            return true;
        }

        protected override bool OnShutdown(int timeoutMilliseconds)
        {
            lock (_shutdownTimeouts)
            {
                _shutdownTimeouts.Add(timeoutMilliseconds);
            }

            return true;
        }
    }

    [Fact]
    public void After_a_quick_flush_the_shutdown_gets_what_is_left_of_the_limit()
    {
        Assert.InRange(ShutdownGiven(limit: TimeSpan.FromSeconds(10), flushFor: TimeSpan.Zero), 5_000, 10_000);
    }

    [Fact]
    public void After_a_flush_that_used_up_the_limit_the_shutdown_still_gets_half_a_second()
    {
        Assert.InRange(ShutdownGiven(limit: TimeSpan.FromSeconds(1), flushFor: TimeSpan.FromSeconds(2)), 100, 500);
    }

    [Fact]
    public void A_limit_shorter_than_half_a_second_is_kept_to()
    {
        Assert.InRange(ShutdownGiven(limit: TimeSpan.FromMilliseconds(200), flushFor: TimeSpan.FromSeconds(1)), 0, 200);
    }

    // The time the log pipeline's shutdown is given when its flush takes flushFor under a ShutdownTimeout of limit.
    private static int ShutdownGiven(TimeSpan limit, TimeSpan flushFor)
    {
        ShutdownProbe<LogRecord> logs = new(flushFor);
        TelemetryHarness harness = new(configure: options =>
        {
            options.ShutdownTimeout = limit;
            options.ConfigureLogging = logging => logging.AddProcessor(logs);
        });

        harness.Dispose();
        return logs.ShutdownTimeoutMilliseconds;
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
