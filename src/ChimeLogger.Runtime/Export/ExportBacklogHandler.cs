using System.Net;
using System.Net.Http.Headers;

namespace ChimeLogger.Export;

/// <summary>
/// The outermost HTTP handler of an OTLP exporter with retry on. It sends each export request (the serialized batch,
/// as the exporter built it) within the export timeout; when the herald is unreachable, or answers with a transient
/// gRPC status, or is already known to be down, it hands the request's bytes to the <see cref="ExportBacklog"/> and
/// answers the exporter with an empty gRPC success, so that the exporter's thread moves on to the next batch. The
/// backlog sends those bytes again, whole, and counts the outcome: a batch is resent only if the herald did not
/// take it.
/// </summary>
internal sealed class ExportBacklogHandler : DelegatingHandler
{
    private static readonly MediaTypeHeaderValue s_grpc = new("application/grpc");
    private readonly ExportBacklog _backlog;

    public ExportBacklogHandler(ExportBacklog backlog, HttpMessageHandler inner) : base(inner)
    {
        _backlog = backlog;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ExportAttempt? attempt = ExportAttempt.Current;
        if (attempt is null || request.Content is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // The exporter reuses its serialization buffer for the next batch: keep a copy.
        byte[] body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (request.RequestUri is { } target)
        {
            _backlog.Target = target;
        }

        if (_backlog.HeraldDown)
        {
            return Park(request, body, attempt);
        }

        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_backlog.SendTimeout);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ExportBacklog.IsTransient(ex))
        {
            _backlog.MarkDown(ex.GetType().Name + ": " + ex.Message);
            return Park(request, body, attempt);
        }

        if (ExportBacklog.TransientStatus(response) is { } status)
        {
            response.Dispose();
            _backlog.MarkDown(status);
            return Park(request, body, attempt);
        }

        _backlog.MarkUp();
        return response;
    }

    private HttpResponseMessage Park(HttpRequestMessage request, byte[] body, ExportAttempt attempt)
    {
        _backlog.Park(body, attempt.Count);
        attempt.Parked = true;
        return Accepted(request);
    }

    // An empty gRPC success, trailers-only (grpc-status in the headers), with an empty message frame.
    private static HttpResponseMessage Accepted(HttpRequestMessage request)
    {
        HttpResponseMessage response = new(HttpStatusCode.OK)
        {
            Version = HttpVersion.Version20,
            RequestMessage = request,
            Content = new ByteArrayContent(new byte[5]),
        };
        response.Content.Headers.ContentType = s_grpc;
        response.Headers.TryAddWithoutValidation("grpc-status", "0");
        return response;
    }
}
