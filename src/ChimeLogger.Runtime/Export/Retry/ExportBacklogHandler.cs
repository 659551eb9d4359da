using System.Net;
using System.Net.Http.Headers;

namespace ChimeLogger.Export;

/// <summary>
/// The outermost HTTP handler of an OTLP exporter with retry on (or with ordered delivery). It sends each export request
/// (the serialized batch, as the exporter built it) within the export timeout; when the herald is unreachable, or
/// answers with a transient gRPC status, or is already known to be down, it hands the request's bytes to the
/// <see cref="ExportBacklog"/> and answers the exporter with an empty gRPC success, so that the exporter's thread moves
/// on to the next batch. The backlog sends those bytes again, whole, and counts the outcome: a batch is resent only if
/// the herald did not take it. A request that must wait for creations the herald may still be writing
/// (<see cref="DeliveryTag"/>) is handed to the backlog the same way, to be sent when it is due; the export thread never
/// waits for it. It marks the attempt accepted when the herald itself accepted the request. What the request holds (its
/// item count and place in the write order) comes from the exporter it was built with, through <see cref="ExportInProgress"/>.
/// </summary>
internal sealed class ExportBacklogHandler : DelegatingHandler
{
    private static readonly MediaTypeHeaderValue s_grpc = new("application/grpc");
    private readonly ExportBacklog _backlog;
    private readonly ExportInProgress _exports;

    public ExportBacklogHandler(ExportBacklog backlog, ExportInProgress exports, HttpMessageHandler inner) : base(inner)
    {
        _backlog = backlog;
        _exports = exports;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ExportAttempt? attempt = _exports.Current;
        if (attempt is null || request.Content is null)
        {
            // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (request.RequestUri is { } target)
        {
            _backlog.Target = target;
        }

        // The request's content reads the exporter's serialization buffer, which stays unchanged until this call
        // returns (the exporter waits for it) and is reused for the next batch after that: a batch is copied only
        // when it is kept for a later attempt, never on the way out to a herald that answers.
        if (!_backlog.MaySendNow(attempt.Tag))
        {
            // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
            return await ParkAsync(request, attempt).ConfigureAwait(false);
        }

        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_backlog.SendTimeout);
        HttpResponseMessage response;
        try
        {
            // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
            response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ExportAnswers.IsTransient(ex) && _backlog.Retries)
        {
            _backlog.MarkDown(ex.GetType().Name + ": " + ex.Message);
            // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
            return await ParkAsync(request, attempt).ConfigureAwait(false);
        }

        if (_backlog.Retries && ExportAnswers.TransientStatus(response) is { } status)
        {
            response.Dispose();
            _backlog.MarkDown(status);
            // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
            return await ParkAsync(request, attempt).ConfigureAwait(false);
        }

        _backlog.MarkUp();
        attempt.Accepted = ExportAnswers.IsAccepted(response);
        return response;
    }

    // The copy is not cancellable: it reads memory, and a batch whose export was cancelled must still be kept.
    private async Task<HttpResponseMessage> ParkAsync(HttpRequestMessage request, ExportAttempt attempt)
    {
        // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
        byte[] body = await CopyBody(request.Content!).ConfigureAwait(false);
        _backlog.Park(body, attempt.Count, attempt.Tag);
        attempt.Parked = true;
        return Accepted(request);
    }

    // One copy, straight into an array of the content's size (the exporter's content knows its length); reading it
    // as a byte array would buffer it first and copy it twice.
    private static async Task<byte[]> CopyBody(HttpContent content)
    {
        if (content.Headers.ContentLength is not { } length || length > Array.MaxLength)
        {
            // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
            return await content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
        }

        byte[] body = new byte[length];
        using MemoryStream target = new(body, writable: true);
        // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
        await content.CopyToAsync(target, CancellationToken.None).ConfigureAwait(false);
        return target.Position == length ? body : body[..(int)target.Position];
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
