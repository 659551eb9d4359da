using System.Net;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// What the backlog's HTTP handler keeps of an export request it cannot send now (docs/reliability.md): only a transient
/// fault, and only with retry on, has the request parked; the answer it did not use is released; the bytes kept are
/// exactly those the request's content wrote, even when that is fewer than its Content-Length said.
/// </summary>
public sealed class RequestParkingTests
{
    private static readonly Uri s_target = new("http://herald.example:4317" + ExportPaths.TraceSignalPath);

    private readonly ExportInProgress _exports = new(new ExportGate(10));

    public static TheoryData<string, bool> Failures => new()
    {
        { "certificate", true }, // not transient: a certificate problem, not an outage
        { "connection", false }, // transient, but nothing is retried
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failure_that_is_not_retried_reaches_the_exporter_and_nothing_is_parked(string failure, bool retry)
    {
        Exception thrown = failure == "certificate"
            ? new CertificateRejectedException("it expired", new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established"))
            : new HttpRequestException("Connection refused");
        using ExportBacklog backlog = Backlog(ExportGates.Offered(capacity: 10, items: 0), new ScriptedHerald(), retry);
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, new ScriptedHerald { Throw = thrown }));

        ExportAttempt attempt = _exports.Begin(1);
        Exception reported = await Assert.ThrowsAnyAsync<Exception>(() => exporter.SendAsync(Request(new ByteArrayContent([1])), CancellationToken.None));
        _exports.End(attempt, OpenTelemetry.ExportResult.Failure);

        Assert.Same(thrown, reported);
        Assert.False(attempt.Parked);
        Assert.False(backlog.HeraldDown);
        Assert.True(backlog.Shutdown(0)); // nothing was parked: the exporter's outcome counts the batch
    }

    [Fact]
    public async Task A_transient_answer_is_released_before_its_request_is_parked()
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);
        TrackedContent answerBody = new([0, 0, 0, 0, 0], declaredLength: 5);
        using ExportBacklog backlog = Backlog(gate, new ScriptedHerald(), retry: true);
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, new ScriptedHerald { Respond = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = answerBody } }));

        ExportAttempt attempt = _exports.Begin(1);
        using HttpResponseMessage answer = await exporter.SendAsync(Request(new ByteArrayContent([1])), CancellationToken.None);
        _exports.End(attempt, OpenTelemetry.ExportResult.Success);

        Assert.True(attempt.Parked);
        Assert.True(answerBody.Disposed, "The herald's transient answer was not disposed: its connection is not given back.");
    }

    [Fact]
    public async Task A_request_body_shorter_than_its_content_length_is_kept_and_sent_again_as_written()
    {
        ScriptedHerald resend = new();
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = Backlog(gate, resend, retry: true);
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, new ScriptedHerald()));
        backlog.MarkDown("HttpRequestException: Connection refused"); // parked without a network attempt
        backlog.Start();

        ExportAttempt attempt = _exports.Begin(2);
        (await exporter.SendAsync(Request(new TrackedContent([1, 2, 3, 4], declaredLength: 10)), CancellationToken.None)).Dispose();
        _exports.End(attempt, OpenTelemetry.ExportResult.Success);
        Assert.True(attempt.Parked);

        Assert.True(backlog.Flush(60_000), "The parked batch was not sent again within 60 s.");
        Assert.Equal([1, 2, 3, 4], Assert.Single(resend.Bodies)); // no padding up to the declared length
        Assert.Equal((2L, 0L), (gate.Exported, gate.Failed));
    }

    private static HttpRequestMessage Request(HttpContent content) => new(HttpMethod.Post, s_target) { Content = content };

    private static ExportBacklog Backlog(ExportGate gate, ScriptedHerald resend, bool retry) =>
        new("traces", new Uri("http://herald.example:4317"), ExportPaths.TraceSignalPath, gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, resend, retry: retry);

    /// <summary>Content that writes <paramref name="bytes"/> but declares <paramref name="declaredLength"/>, and says when it is disposed.</summary>
    private sealed class TrackedContent(byte[] bytes, long declaredLength) : HttpContent
    {
        public bool Disposed { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = declaredLength;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
