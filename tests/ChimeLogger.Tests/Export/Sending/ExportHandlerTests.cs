using System.Net;
using System.Net.Sockets;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using Microsoft.Extensions.Time.Testing;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The HTTP handlers under the OTLP exporter, driven as the exporter drives them: the backlog handler parks what the
/// herald cannot take and answers the exporter with an empty gRPC success, so that the exporter's thread moves on;
/// the transport handler reports a connection broken in the middle of an export as the transient fault it is, and
/// shows each answer to the herald monitor.
/// </summary>
public sealed class ExportHandlerTests
{
    private static readonly Uri s_target = new("http://herald.example:4317" + ExportPaths.TraceSignalPath);

    // The exporter's side of each export, which the handler reads; its own gate, apart from the backlog's.
    private readonly ExportInProgress _exports = new(new ExportGate(10));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_export_the_herald_cannot_take_is_parked_whole_and_the_exporter_gets_an_empty_grpc_success(bool synchronous)
    {
        ScriptedHerald resend = new();
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 3);
        using ExportBacklog backlog = Backlog(gate, resend);
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, new ScriptedHerald { Throw = new HttpRequestException("Connection refused") }));
        backlog.Start();

        ExportAttempt attempt = _exports.Begin(3);
        using HttpRequestMessage request = Request([1, 2, 3]);
        using HttpResponseMessage answer = synchronous ? exporter.Send(request, CancellationToken.None) : await exporter.SendAsync(request, CancellationToken.None);
        EndExport();

        Assert.True(attempt.Parked);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpVersion.Version20, answer.Version);
        Assert.Same(request, answer.RequestMessage);
        Assert.Equal(["0"], answer.Headers.GetValues("grpc-status"));
        Assert.Equal("application/grpc", answer.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[5], await answer.Content.ReadAsByteArrayAsync());
        Assert.True(backlog.HeraldDown);

        Assert.True(backlog.Flush(60_000), "The parked batch was not sent again.");
        Assert.Equal((3L, 0L), (gate.Exported, gate.Failed));
        Assert.Equal([1, 2, 3], Assert.Single(resend.Bodies));
        Assert.Equal(s_target, Assert.Single(resend.Targets)); // sent again where the exporter sent it
    }

    [Fact]
    public async Task A_parked_batch_is_sent_again_to_the_address_the_exporter_sent_it_to()
    {
        // A herald behind a path prefix: the exporter's own address, not the one ChimeLogger would build.
        Uri behindProxy = new("http://gateway.example:8443/helix" + ExportPaths.TraceSignalPath);
        ScriptedHerald resend = new();
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);
        using ExportBacklog backlog = Backlog(gate, resend);
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, new ScriptedHerald { Throw = new HttpRequestException("Connection refused") }));
        backlog.Start();

        _exports.Begin(1);
        (await exporter.SendAsync(Request([5], behindProxy), CancellationToken.None)).Dispose();
        EndExport();

        Assert.True(backlog.Flush(60_000), "The parked batch was not sent again.");
        Assert.Equal(behindProxy, Assert.Single(resend.Targets));
    }

    [Fact]
    public async Task While_the_herald_is_known_to_be_down_an_export_is_parked_without_a_network_attempt()
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = Backlog(gate, new ScriptedHerald());
        ScriptedHerald herald = new();
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, herald));
        backlog.MarkDown("HttpRequestException: Connection refused");

        ExportAttempt attempt = _exports.Begin(2);
        using HttpResponseMessage answer = await exporter.SendAsync(Request([7]), CancellationToken.None);
        EndExport();

        Assert.True(attempt.Parked);
        Assert.Empty(herald.Bodies);
        Assert.Equal(["0"], answer.Headers.GetValues("grpc-status"));
        Assert.False(backlog.Shutdown(0)); // parked, not delivered: counted as failed at shutdown
        Assert.Equal(2, gate.Failed);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, null)]
    [InlineData(HttpStatusCode.OK, "14")]
    public async Task A_transient_answer_is_parked_and_marks_the_herald_down(HttpStatusCode code, string? grpcStatus)
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);
        using ExportBacklog backlog = Backlog(gate, new ScriptedHerald());
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, new ScriptedHerald { Answer = (code, grpcStatus) }));

        ExportAttempt attempt = _exports.Begin(1);
        using HttpResponseMessage answer = await exporter.SendAsync(Request([9]), CancellationToken.None);
        EndExport();

        Assert.True(attempt.Parked);
        Assert.True(backlog.HeraldDown);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(["0"], answer.Headers.GetValues("grpc-status"));
    }

    [Fact]
    public async Task The_herald_answer_reaches_the_exporter_unchanged_when_it_is_final()
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);
        using ExportBacklog backlog = Backlog(gate, new ScriptedHerald());
        ScriptedHerald herald = new() { Answer = (HttpStatusCode.OK, "3") };
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, herald));

        ExportAttempt attempt = _exports.Begin(1);
        using HttpResponseMessage answer = await exporter.SendAsync(Request([9]), CancellationToken.None);
        EndExport();

        Assert.False(attempt.Parked);
        Assert.False(backlog.HeraldDown);
        Assert.Equal(["3"], answer.TrailingHeaders.GetValues("grpc-status"));
        Assert.Equal([9], Assert.Single(herald.Bodies));
        Assert.True(backlog.Shutdown(0)); // nothing was parked
    }

    [Fact]
    public async Task A_herald_that_answers_a_new_batch_is_up_again_even_when_a_retry_failed_during_that_send()
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 2);
        using ExportBacklog backlog = Backlog(gate, new ScriptedHerald());
        // The backlog's own retry fails while the herald is answering the exporter's new batch.
        ScriptedHerald herald = new() { During = () => backlog.MarkDown("HttpRequestException: Connection reset by peer") };
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, herald));

        ExportAttempt first = _exports.Begin(1);
        (await exporter.SendAsync(Request([1]), CancellationToken.None)).Dispose();
        EndExport();
        Assert.False(backlog.HeraldDown);

        // So the next batch goes to the herald, rather than waiting in the backlog for the next probe.
        ExportAttempt second = _exports.Begin(1);
        (await exporter.SendAsync(Request([2]), CancellationToken.None)).Dispose();
        EndExport();

        Assert.Equal((false, false), (first.Parked, second.Parked));
        Assert.Equal([[1], [2]], herald.Bodies);
    }

    [Fact]
    public async Task A_herald_that_never_answers_has_the_batch_parked_after_the_export_timeout()
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 1);
        using ExportBacklog backlog = Backlog(gate, new ScriptedHerald(), sendTimeout: TimeSpan.FromMilliseconds(200));
        using HttpMessageInvoker exporter = new(new ExportBacklogHandler(backlog, _exports, new ScriptedHerald { Silent = true }));

        ExportAttempt attempt = _exports.Begin(1);
        // The exporter's own call has no deadline here: only the handler's can end the wait.
        (await exporter.SendAsync(Request([4]), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        EndExport();

        Assert.True(attempt.Parked);
        Assert.True(backlog.HeraldDown);
    }

    [Fact]
    public async Task A_request_outside_an_export_passes_through_and_its_failure_reaches_the_caller()
    {
        ExportGate gate = ExportGates.Offered(capacity: 10, items: 0);
        using ExportBacklog backlog = Backlog(gate, new ScriptedHerald());
        using HttpMessageInvoker client = new(new ExportBacklogHandler(backlog, _exports, new ScriptedHerald { Throw = new HttpRequestException("Connection refused") }));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(Request([1]), CancellationToken.None));

        Assert.False(backlog.HeraldDown);
        Assert.True(backlog.Shutdown(0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_broken_during_an_export_is_reported_as_a_connection_reset(bool synchronous)
    {
        HttpRequestException ended = new(HttpRequestError.ResponseEnded, "The response ended prematurely.", new IOException("stream closed"));
        using HttpMessageInvoker transport = new(new ExportTransportHandler(null, new ScriptedHerald { Throw = ended }));

        HttpRequestException reported = synchronous
            ? Assert.Throws<HttpRequestException>(() => transport.Send(Request([1]), CancellationToken.None))
            : await Assert.ThrowsAsync<HttpRequestException>(() => transport.SendAsync(Request([1]), CancellationToken.None));

        Assert.NotSame(ended, reported);
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(reported.InnerException).SocketErrorCode);
        Assert.Equal((HttpRequestError.ResponseEnded, "The response ended prematurely."), (reported.HttpRequestError, reported.Message));
        Assert.True(ExportAnswers.IsTransient(reported.InnerException!));
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, false)]
    [InlineData(HttpRequestError.Unknown, true)]
    public async Task A_connection_error_or_an_io_failure_inside_is_a_broken_connection(HttpRequestError error, bool ioInside)
    {
        HttpRequestException failure = new(error, "lost", ioInside ? new IOException("reset by peer") : null);
        using HttpMessageInvoker transport = new(new ExportTransportHandler(null, new ScriptedHerald { Throw = failure }));

        HttpRequestException reported = await Assert.ThrowsAsync<HttpRequestException>(() => transport.SendAsync(Request([1]), CancellationToken.None));

        Assert.IsType<SocketException>(reported.InnerException);
    }

    [Fact]
    public async Task Other_failures_reach_the_exporter_unchanged()
    {
        HttpRequestException refused = new(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));
        HttpRequestException unnamed = new(HttpRequestError.NameResolutionError, "no such host");
        using HttpMessageInvoker refusing = new(new ExportTransportHandler(null, new ScriptedHerald { Throw = refused }));
        using HttpMessageInvoker unresolved = new(new ExportTransportHandler(null, new ScriptedHerald { Throw = unnamed }));

        Assert.Same(refused, await Assert.ThrowsAsync<HttpRequestException>(() => refusing.SendAsync(Request([1]), CancellationToken.None)));
        Assert.Same(unnamed, await Assert.ThrowsAsync<HttpRequestException>(() => unresolved.SendAsync(Request([1]), CancellationToken.None)));
        Assert.Same(unnamed, Assert.Throws<HttpRequestException>(() => unresolved.Send(Request([1]), CancellationToken.None)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_answer_is_shown_to_the_herald_monitor(bool synchronous)
    {
        HeraldExportMonitor monitor = new(new Uri("http://herald.example:4317"), new FakeTimeProvider(), WarningLog.Silent);
        using HttpMessageInvoker transport = new(new ExportTransportHandler(monitor, new ScriptedHerald { Answer = (HttpStatusCode.OK, "16") }));

        using HttpResponseMessage answer = synchronous
            ? transport.Send(Request([1]), CancellationToken.None)
            : await transport.SendAsync(Request([1]), CancellationToken.None);

        Assert.Equal(1, monitor.UnauthenticatedCount);
        Assert.Equal(["16"], answer.TrailingHeaders.GetValues("grpc-status"));
    }

    private void EndExport() => _exports.End(_exports.Current!, OpenTelemetry.ExportResult.Success);

    private static HttpRequestMessage Request(byte[] body, Uri? target = null) => new(HttpMethod.Post, target ?? s_target) { Content = new ByteArrayContent(body) };

    private static ExportBacklog Backlog(ExportGate gate, ScriptedHerald resend, TimeSpan? sendTimeout = null) =>
        new("traces", new Uri("http://herald.example:4317"), ExportPaths.TraceSignalPath, gate, WarningLog.Silent,
            TimeSpan.FromMinutes(2), sendTimeout ?? TimeSpan.FromSeconds(10), diskRoot: null, diskLimitBytes: 0, resend);
}
