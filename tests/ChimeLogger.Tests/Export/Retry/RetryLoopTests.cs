using System.Diagnostics;
using System.Net;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The pace of the retry backlog's loop (docs/reliability.md): while the herald is down it is probed with back-off that
/// doubles from 1 s up to 5 s; once it answers, the backlog is sent one batch at a time with a pause at least as long as
/// each send; a failure of the loop's own is reported and the loop goes on after a back-off. Time is asserted as lower
/// bounds (what the loop waits at least), which a loaded machine cannot break, and the back-off's cap with twice its
/// length as the bound.
/// </summary>
public sealed class RetryLoopTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "chimelogger-loop-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void While_the_herald_is_down_the_back_off_between_probes_doubles()
    {
        Herald herald = new() { Failures = int.MaxValue };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);
        using ExportBacklog backlog = Backlog(gate, herald, WarningLog.Silent);
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([1], count: 1);
        backlog.Start();

        Assert.True(SpinWait.SpinUntil(() => herald.Attempts.Length >= 4, TimeSpan.FromSeconds(90)), "The herald was not probed 4 times within 90 s.");

        // Waits of 1 s, then 2 s, 4 s and 5 s (the cap) after each failed probe.
        (TimeSpan Began, TimeSpan Answered)[] attempts = herald.Attempts;
        TimeSpan[] gaps = [.. Enumerable.Range(1, 3).Select(i => attempts[i].Began - attempts[i - 1].Answered)];
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(1_900), $"The second probe came {gaps[0]} after the first failed, before the back-off of 2 s.");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(3_900), $"The third probe came {gaps[1]} after the second failed, before the back-off of 4 s.");
        Assert.True(gaps[2] >= TimeSpan.FromMilliseconds(4_900), $"The fourth probe came {gaps[2]} after the third failed, before the back-off of 5 s.");
        // The cap: the herald is probed at least every 5 s (docs/reliability.md); generous, as the machine may be loaded.
        Assert.True(gaps[2] < TimeSpan.FromSeconds(10), $"The fourth probe came {gaps[2]} after the third failed: the back-off went past its cap of 5 s.");
    }

    [Fact]
    public void Once_the_herald_answers_the_backlog_pauses_after_each_send_at_least_as_long_as_the_send_took()
    {
        Herald herald = new() { Takes = TimeSpan.FromMilliseconds(400) };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        using ExportBacklog backlog = Backlog(gate, herald, WarningLog.Silent);
        backlog.Park([1], count: 1);
        backlog.Park([2], count: 1);
        backlog.Park([3], count: 1);
        backlog.Start();

        Assert.True(backlog.Flush(60_000), "The backlog was not delivered within 60 s.");
        Assert.Equal(3, gate.Exported);

        (TimeSpan Began, TimeSpan Answered)[] attempts = herald.Attempts;
        Assert.Equal(3, attempts.Length);
        for (int i = 1; i < attempts.Length; i++)
        {
            TimeSpan send = attempts[i - 1].Answered - attempts[i - 1].Began;
            TimeSpan pause = attempts[i].Began - attempts[i - 1].Answered;
            // The loop times the send itself (a little longer than the herald does), on a millisecond clock.
            Assert.True(pause >= send * 0.75, $"Batch {i + 1} followed {pause} after the previous send, which took {send}.");
        }
    }

    [Fact]
    public void A_failure_of_the_loop_is_reported_and_the_loop_goes_on_after_a_back_off()
    {
        // The HTTP stack fails in a way that is no network fault, once: the stored batch stays on disk and is sent again.
        Herald herald = new() { Throw = new InvalidOperationException("The handler was left in a bad state") };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 6);
        CapturingLogger warnings = new();
        using ExportBacklog backlog = Backlog(gate, herald, new WarningLog(warnings), diskRoot: _root);
        backlog.Park([6], count: 6); // more than half the queue's bound: written to disk at once, sent from there
        backlog.Start();

        Assert.True(backlog.Flush(60_000), "The stored batch was not delivered after the loop's failure within 60 s.");

        Assert.Equal((6L, 0L, 0L), (gate.Exported, gate.Failed, gate.Stored));
        Assert.Contains(warnings.Messages, m => m.Contains("(The handler was left in a bad state)", StringComparison.Ordinal));
        (TimeSpan Began, TimeSpan Answered)[] attempts = herald.Attempts;
        Assert.Equal(2, attempts.Length);
        Assert.True(attempts[1].Began - attempts[0].Answered >= TimeSpan.FromMilliseconds(900),
            $"The loop tried again {attempts[1].Began - attempts[0].Answered} after its failure, before the back-off of 1 s.");
    }

    private static ExportBacklog Backlog(ExportGate gate, Herald herald, WarningLog warnings, string? diskRoot = null) =>
        new("traces", new Uri("http://herald.example:4317"), "/traces", gate, warnings, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30),
            diskRoot, diskLimitBytes: 1 << 20, herald);

    /// <summary>
    /// A herald that refuses the first connections (or throws something else once), takes as long as told to answer, then
    /// accepts; it records when each attempt began and was answered.
    /// </summary>
    private sealed class Herald : HttpMessageHandler
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(TimeSpan Began, TimeSpan Answered)> _attempts = [];
        private Exception? _throw;

        public int Failures { get; init; }

        public TimeSpan Takes { get; init; }

        /// <summary>Thrown by the first attempt.</summary>
        public Exception? Throw { get => _throw; init => _throw = value; }

        public (TimeSpan Began, TimeSpan Answered)[] Attempts
        {
            get
            {
                lock (_attempts)
                {
                    return [.. _attempts];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            TimeSpan began = _clock.Elapsed;
            await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            if (Takes > TimeSpan.Zero)
            {
                await Task.Delay(Takes, CancellationToken.None);
            }

            int attempt;
            lock (_attempts)
            {
                _attempts.Add((began, _clock.Elapsed));
                attempt = _attempts.Count;
            }

            if (Interlocked.Exchange(ref _throw, null) is { } failure)
            {
                throw failure;
            }

            if (attempt <= Failures)
            {
                throw new HttpRequestException("Connection refused");
            }

            HttpResponseMessage response = new(HttpStatusCode.OK);
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
            return response;
        }
    }
}
