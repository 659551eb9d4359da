using System.Net;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// ChimeLogger's retry of export batches in memory (docs/reliability.md) against an in-process herald: a parked batch
/// delivered whole once the herald answers, a refusal not retried, a batch given up after the retry window with a warning
/// at most once a minute, and what a shutdown or a disposal does with what is left. The same flows run against a real
/// receiver that is stopped and started again in the integration tests.
/// </summary>
public sealed class MemoryRetryTests
{
    [Fact]
    public void A_parked_batch_is_sent_whole_to_the_signal_path_once_the_herald_answers_and_counted_as_exported()
    {
        Herald herald = new(failuresFirst: 1);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317/"), "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
            gate, WarningLog.Silent, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([1, 2, 3, 4], count: 3);

        Assert.True(backlog.Flush(30_000), "The parked batch was not delivered within 30 s.");
        Assert.Equal(3, gate.Exported);
        Assert.Equal(0, gate.Failed);
        Assert.Equal(0, gate.Inside);
        Assert.False(backlog.HeraldDown);
        Assert.Equal(new Uri("http://herald.example:4317/opentelemetry.proto.collector.trace.v1.TraceService/Export"), herald.Targets.Last());
        Assert.All(herald.Bodies, body => Assert.Equal([1, 2, 3, 4], body));
        Assert.Equal(2, herald.Bodies.Count); // one failed attempt, one accepted: nothing accepted is sent again
        Assert.True(backlog.Shutdown(1_000));
    }

    [Fact]
    public void A_batch_the_herald_refuses_for_good_is_counted_as_failed_without_another_attempt()
    {
        Herald herald = new(failuresFirst: 0) { Refuse = true };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = new("logs", new Uri("http://collector.example:4317"), "/logs", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([9], count: 2);

        Assert.True(backlog.Flush(30_000));
        Assert.Equal(2, gate.Failed);
        Assert.Equal(0, gate.Exported);
        Assert.Single(herald.Bodies);
    }

    [Fact]
    public void A_parked_batch_that_meets_a_refused_certificate_is_failed_at_once_and_the_herald_is_not_taken_for_down()
    {
        RefusedCertificate herald = new();
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        using ExportBacklog backlog = new("traces", new Uri("https://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([5], count: 3); // parked during an outage; the herald is back with a certificate this machine refuses

        Assert.True(backlog.Flush(30_000), "The batch was kept for retry.");
        Assert.Equal(3, gate.Failed);
        Assert.Equal(0, gate.Exported);
        Assert.Equal(1, herald.Attempts);
        Assert.False(backlog.HeraldDown);
    }

    private sealed class RefusedCertificate : HttpMessageHandler
    {
        private int _attempts;

        public int Attempts => _attempts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            throw new CertificateRejectedException("it expired", new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established"));
        }
    }

    [Fact]
    public void A_batch_older_than_the_retry_window_is_given_up_counted_as_failed_and_warned_about()
    {
        Herald herald = new(failuresFirst: int.MaxValue);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 4);
        CapturingLogger warnings = new();
        WarningLog sink = new(warnings);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, sink,
            TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([7], count: 4); // the loop's own attempt meets the refusal and names it

        Assert.True(backlog.Flush(30_000), "The batch was not given up within 30 s.");
        Assert.Equal(4, gate.Failed);
        Assert.Equal(0, gate.Exported);
        Assert.Contains(warnings.Messages, m => m.Contains("Connection refused", StringComparison.Ordinal));
        string givenUp = Assert.Single(warnings.Messages, m => m.Contains("given up", StringComparison.Ordinal));
        Assert.StartsWith(
            "4 traces items were given up after 0.3 s of retry to http://herald.example:4317/ (last problem: HttpRequestException: Connection refused) and counted as failed.",
            givenUp, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unreachable_warning_names_signal_endpoint_problem_and_window_and_comes_once_a_minute()
    {
        CapturingLogger warnings = new();
        WarningLog sink = new(warnings);
        using ExportBacklog backlog = new("logs", new Uri("http://collector.example:4317"), "/logs", ExportGates.Offered(capacity: 10, items: 0), sink,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, new Herald(failuresFirst: 0));

        backlog.MarkDown("HTTP 503");
        Assert.True(backlog.HeraldDown);
        backlog.MarkUp();
        Assert.False(backlog.HeraldDown);
        backlog.MarkDown("HTTP 502");

        Assert.True(backlog.HeraldDown);
        string warning = Assert.Single(warnings.Messages);
        Assert.StartsWith(
            "Export of logs to http://collector.example:4317/ failed (HTTP 503); batches are held in memory and retried for up to 120 s, then counted as failed.",
            warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Shutdown_with_the_herald_answering_delivers_what_is_parked_before_it_stops()
    {
        Herald herald = new(failuresFirst: 0);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([1, 2, 3], count: 3);

        Assert.True(backlog.Shutdown(30_000), "Shutdown did not deliver the parked batch while the herald answered.");
        Assert.Equal((3L, 0L, 0L), (gate.Exported, gate.Failed, gate.Inside));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, null, "HTTP 503")]
    [InlineData(HttpStatusCode.OK, "14", "gRPC status 14")]
    public void A_transient_answer_keeps_the_batch_and_it_is_sent_again_whole(HttpStatusCode code, string? grpcStatus, string problem)
    {
        Herald herald = new(failuresFirst: 0) { FirstAnswer = (code, grpcStatus) };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        CapturingLogger warnings = new();
        WarningLog sink = new(warnings);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, sink,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([4, 2], count: 2);

        Assert.True(backlog.Flush(60_000), "The batch was not sent again after a transient answer.");
        Assert.Equal((2L, 0L), (gate.Exported, gate.Failed));
        Assert.Equal(2, herald.Bodies.Count);
        Assert.All(herald.Bodies, body => Assert.Equal([4, 2], body));
        Assert.Contains(warnings.Messages, m => m.Contains($"failed ({problem})", StringComparison.Ordinal));
    }

    [Fact]
    public void An_http_error_that_is_not_transient_is_a_refusal_counted_as_failed_without_another_attempt()
    {
        Herald herald = new(failuresFirst: 0) { FirstAnswer = (HttpStatusCode.InternalServerError, null) };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([1], count: 2);

        Assert.True(backlog.Flush(30_000));
        Assert.Equal((2L, 0L), (gate.Failed, gate.Exported));
        Assert.Single(herald.Bodies);
        Assert.False(backlog.HeraldDown);
    }

    [Fact]
    public void Shutdown_while_the_herald_is_down_counts_what_is_left_as_failed()
    {
        Herald herald = new(failuresFirst: int.MaxValue);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 5);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([1], count: 2);
        backlog.Park([2], count: 3);

        Assert.False(backlog.Flush(200));
        Assert.False(backlog.Shutdown(500));

        Assert.Equal(5, gate.Failed);
        Assert.Equal(0, gate.Inside);
    }

    [Fact]
    public void With_memory_retry_a_full_backlog_waits_for_the_window_and_nothing_is_given_up_early()
    {
        Herald herald = new(failuresFirst: int.MaxValue);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 10);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");

        backlog.Park([5], count: 5);
        backlog.Park([3], count: 3);
        backlog.Park([2], count: 2);

        Assert.False(backlog.Flush(1_500));
        Assert.Equal((0L, 10L), (gate.Failed, gate.Inside));
    }

    [Fact]
    public void Batches_given_up_within_a_minute_are_warned_about_once_and_all_counted()
    {
        Herald herald = new(failuresFirst: int.MaxValue);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 5);
        CapturingLogger warnings = new();
        WarningLog sink = new(warnings);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, sink,
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([1], count: 2);
        Assert.True(backlog.Flush(30_000), "The first batch was not given up within 30 s.");
        backlog.Park([2], count: 3);
        Assert.True(backlog.Flush(30_000), "The second batch was not given up within 30 s.");

        Assert.Equal(5, gate.Failed);
        string warning = Assert.Single(warnings.Messages, m => m.Contains("given up", StringComparison.Ordinal));
        Assert.StartsWith("2 traces items were given up", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Once_nothing_is_left_to_retry_the_herald_is_tried_again_by_the_next_export()
    {
        Herald herald = new(failuresFirst: int.MaxValue);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([1], count: 1);

        Assert.True(backlog.Flush(30_000), "The batch was not given up within 30 s.");

        DateTime until = DateTime.UtcNow.AddSeconds(30);
        while (backlog.HeraldDown)
        {
            Assert.True(DateTime.UtcNow < until, "The herald stayed marked down with nothing left to retry.");
            Thread.Sleep(20);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Shutdown_while_a_batch_is_being_sent_counts_it_as_failed(bool heraldHonoursCancellation)
    {
        Herald herald = new(failuresFirst: 0) { Hang = heraldHonoursCancellation ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(2) };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();
        backlog.Park([1, 2, 3], count: 3);
        DateTime until = DateTime.UtcNow.AddSeconds(30);
        while (herald.Bodies.Count == 0)
        {
            Assert.True(DateTime.UtcNow < until, "The batch was not sent within 30 s.");
            Thread.Sleep(20);
        }

        backlog.MarkDown("stopping"); // no flush: the herald does not answer
        Assert.False(backlog.Shutdown(0));

        Assert.Equal((3L, 0L, 0L), (gate.Failed, gate.Exported, gate.Inside));
        if (!heraldHonoursCancellation)
        {
            // The herald answers once shutdown has counted the batch: it is not counted a second time.
            Assert.True(herald.Answered.Wait(TimeSpan.FromSeconds(30)), "The herald did not answer within 30 s.");
            Thread.Sleep(300);
            Assert.Equal((3L, 0L, 0L), (gate.Failed, gate.Exported, gate.Inside));
        }
    }

    [Fact]
    public void Disposing_without_a_shutdown_counts_what_is_held_as_failed()
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, new Herald(failuresFirst: int.MaxValue));
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([1], count: 2);

        backlog.Dispose();

        Assert.Equal((2L, 0L), (gate.Failed, gate.Inside));
    }

    [Fact]
    public void A_herald_that_never_answers_is_given_up_on_after_the_send_timeout_and_the_batch_sent_again()
    {
        Herald herald = new(failuresFirst: 0) { Hang = Timeout.InfiniteTimeSpan, HangOnlyFirst = true };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(300), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([6], count: 2);

        Assert.True(backlog.Flush(60_000), "The batch was not sent again after the herald did not answer.");
        Assert.Equal((2L, 0L), (gate.Exported, gate.Failed));
        Assert.Equal(2, herald.Bodies.Count);
    }

    [Theory]
    [InlineData("3", null, false)] // trailers-only refusal: the status in the headers
    [InlineData("0", "3", false)] // the status in the trailers wins
    [InlineData(null, "0", true)]
    public void The_answer_status_decides_whether_the_batch_was_taken(string? inHeaders, string? inTrailers, bool exported)
    {
        Herald herald = new(failuresFirst: 0) { StatusInHeaders = inHeaders, StatusInTrailers = inTrailers };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([1], count: 1);

        Assert.True(backlog.Flush(30_000));
        Assert.Equal(exported ? (1L, 0L) : (0L, 1L), (gate.Exported, gate.Failed));
        Assert.Single(herald.Bodies);
    }

    [Fact]
    public void A_batch_is_sent_again_as_a_grpc_request()
    {
        Herald herald = new(failuresFirst: 0);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Park([1], count: 1);

        Assert.True(backlog.Flush(30_000));
        HttpRequestMessage request = Assert.Single(herald.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Version(2, 0), request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, request.VersionPolicy);
        Assert.Equal("application/grpc", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(["trailers"], request.Headers.GetValues("TE"));
    }

    [Fact]
    public void Shutdown_waits_within_its_deadline_for_the_send_in_progress_and_counts_its_answer()
    {
        Herald herald = new(failuresFirst: 0) { Hang = TimeSpan.FromSeconds(3) }; // answers after 3 s, stopping or not
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();
        backlog.Park([1, 2, 3], count: 3);
        WaitUntil(() => herald.Attempts > 0, "The batch was not sent within 30 s.");

        backlog.MarkDown("stopping"); // no flush: only the loop's wait for the send it has started
        Assert.True(backlog.Shutdown(60_000), "Shutdown did not wait for the herald's answer to the send in progress.");

        Assert.Equal((3L, 0L, 0L), (gate.Exported, gate.Failed, gate.Inside));
        Assert.Equal(1, herald.Attempts);
    }

    [Fact]
    public void Shutdown_with_the_herald_answering_slowly_delivers_what_waits_behind_the_send_in_progress()
    {
        Herald herald = new(failuresFirst: 0) { Hang = TimeSpan.FromMilliseconds(500) };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 5);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();
        backlog.Park([1], count: 2);
        backlog.Park([2], count: 3);
        WaitUntil(() => herald.Attempts > 0, "The first batch was not sent within 30 s.");

        Assert.True(backlog.Shutdown(60_000), "Shutdown stopped before the herald had taken both batches.");

        Assert.Equal((5L, 0L, 0L), (gate.Exported, gate.Failed, gate.Inside));
        Assert.Equal([[1], [2]], herald.Bodies);
    }

    [Fact]
    public async Task Shutdown_ends_at_its_deadline_when_the_herald_never_answers_and_counts_the_batch_as_failed()
    {
        Herald herald = new(failuresFirst: 0) { Hang = Timeout.InfiniteTimeSpan };
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();
        backlog.Park([1], count: 2);
        WaitUntil(() => herald.Attempts > 0, "The batch was not sent within 30 s.");

        Task<bool> shutdown = Task.Run(() => backlog.Shutdown(1_000));

        // Generous: the deadline is 1 s; a shutdown that waits for the herald never ends (the send timeout is 10 min).
        Assert.Same(shutdown, await Task.WhenAny(shutdown, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.False(await shutdown);
        Assert.Equal((2L, 0L, 0L), (gate.Failed, gate.Exported, gate.Inside));
    }

    [Fact]
    public async Task Shutdown_while_the_herald_is_known_to_be_down_does_not_wait_out_its_deadline()
    {
        Herald herald = new(failuresFirst: int.MaxValue);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([1], count: 2);

        Task<bool> shutdown = Task.Run(() => backlog.Shutdown(600_000));

        Assert.Same(shutdown, await Task.WhenAny(shutdown, Task.Delay(TimeSpan.FromSeconds(30)))); // not waiting for the herald
        Assert.False(await shutdown);
        Assert.Equal((2L, 0L), (gate.Failed, gate.Inside));
    }

    [Fact]
    public void Creations_counted_as_failed_at_shutdown_no_longer_hold_back_what_waits_for_them()
    {
        CreationDeliveries deliveries = new(TimeSpan.FromMinutes(10));
        long creations = deliveries.Begin();
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, new Herald(failuresFirst: int.MaxValue), deliveries);
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([1], count: 2, DeliveryTag.Creations(creations));
        Assert.False(deliveries.MaySend(DeliveryTag.After(creations)));

        Assert.False(backlog.Shutdown(0));

        Assert.Equal(2, gate.Failed);
        Assert.True(deliveries.MaySend(DeliveryTag.After(creations)), "Operations still wait for creations that will never be written.");
    }

    [Fact]
    public void Creations_that_outlive_the_window_while_the_herald_is_down_are_given_up_without_another_attempt_and_free_what_waits()
    {
        CreationDeliveries deliveries = new(TimeSpan.FromMinutes(10));
        long creations = deliveries.Begin();
        Herald herald = new(failuresFirst: int.MaxValue);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, WarningLog.Silent,
            TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald, deliveries);
        backlog.MarkDown("HttpRequestException: Connection refused");
        backlog.Park([1], count: 2, DeliveryTag.Creations(creations));
        backlog.Start();

        Assert.True(backlog.Flush(30_000), "The batch was not given up within 30 s.");

        Assert.Equal((2L, 0L), (gate.Failed, gate.Exported));
        Assert.Equal(0, herald.Attempts); // the window ran out during the first back-off: not probed with once more
        Assert.True(deliveries.MaySend(DeliveryTag.After(creations)), "Operations still wait for creations that were given up.");
    }

    [Fact]
    public void Operations_whose_creations_never_come_are_not_sent_and_are_given_up_after_the_window()
    {
        CreationDeliveries deliveries = new(TimeSpan.FromMinutes(10));
        long creations = deliveries.Begin(); // never accepted
        Herald herald = new(failuresFirst: 0);
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        CapturingLogger warnings = new();
        using ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", gate, new WarningLog(warnings),
            TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald, deliveries);
        backlog.Start();

        backlog.Park([2], count: 3, DeliveryTag.After(creations));

        Assert.True(backlog.Flush(20_000), "The waiting operations were not given up within 20 s.");
        Assert.Equal((3L, 0L), (gate.Failed, gate.Exported));
        Assert.Equal(0, herald.Attempts);
        Assert.False(backlog.HeraldDown);
        string givenUp = Assert.Single(warnings.Messages, m => m.Contains("given up", StringComparison.Ordinal));
        // No attempt failed: the warning says so rather than leave the problem blank.
        Assert.StartsWith(
            "3 traces items were given up after 0.3 s of retry to http://herald.example:4317/ (last problem: none, no attempt failed) and counted as failed.",
            givenUp, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_the_backlog_releases_the_http_handlers_its_sends_go_through()
    {
        Herald herald = new(failuresFirst: 0);
        ExportBacklog backlog = new("traces", new Uri("http://herald.example:4317"), "/traces", ExportGates.Offered(capacity: 10, items: 0),
            WarningLog.Silent, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, herald);
        backlog.Start();

        backlog.Dispose();

        Assert.True(herald.Disposed);
    }

    private static void WaitUntil(Func<bool> condition, string failure) =>
        Assert.True(SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(30)), failure);

    /// <summary>A herald that fails the first attempts with a network error, then accepts (or refuses for good).</summary>
    private sealed class Herald(int failuresFirst) : HttpMessageHandler
    {
        private int _attempts;

        public bool Refuse { get; init; }

        /// <summary>How long an attempt waits before it is answered (honouring cancellation only when infinite).</summary>
        public TimeSpan Hang { get; init; }

        /// <summary>Only the first attempt waits.</summary>
        public bool HangOnlyFirst { get; init; }

        /// <summary>The grpc-status of the answer in its headers and in its trailers, when not the usual one.</summary>
        public string? StatusInHeaders { get; init; }

        public string? StatusInTrailers { get; init; } = "usual";

        public List<HttpRequestMessage> Requests { get; } = [];

        /// <summary>Set once an attempt has been answered.</summary>
        public ManualResetEventSlim Answered { get; } = new();

        /// <summary>The answer to the first attempt (an HTTP status and a grpc-status trailer), when it is not the usual one.</summary>
        public (HttpStatusCode Code, string? GrpcStatus)? FirstAnswer { get; init; }

        public List<byte[]> Bodies { get; } = [];

        public List<Uri> Targets { get; } = [];

        public int Attempts => Volatile.Read(ref _attempts);

        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            byte[] body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            lock (Bodies)
            {
                Bodies.Add(body);
                Targets.Add(request.RequestUri!);
                Requests.Add(request);
            }

            int attempt = Interlocked.Increment(ref _attempts);
            if (Hang != TimeSpan.Zero && (!HangOnlyFirst || attempt == 1))
            {
                if (Hang == Timeout.InfiniteTimeSpan)
                {
                    await Task.Delay(Hang, cancellationToken);
                }
                else
                {
                    Thread.Sleep(Hang); // a herald that does not notice the cancellation at once
                }
            }

            if (attempt <= failuresFirst)
            {
                throw new HttpRequestException("Connection refused");
            }

            if (attempt == 1 && FirstAnswer is { } first)
            {
                HttpResponseMessage answer = new(first.Code);
                if (first.GrpcStatus is not null)
                {
                    answer.TrailingHeaders.TryAddWithoutValidation("grpc-status", first.GrpcStatus);
                }

                return answer;
            }

            HttpResponseMessage response = new(HttpStatusCode.OK);
            if (StatusInHeaders is not null)
            {
                response.Headers.TryAddWithoutValidation("grpc-status", StatusInHeaders);
            }

            string? trailer = StatusInTrailers == "usual" ? (Refuse ? "3" : "0") : StatusInTrailers;
            if (trailer is not null)
            {
                response.TrailingHeaders.TryAddWithoutValidation("grpc-status", trailer);
            }

            Answered.Set();
            return response;
        }
    }
}
