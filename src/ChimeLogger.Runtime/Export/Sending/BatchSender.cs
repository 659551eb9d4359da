using System.Net.Http.Headers;

namespace ChimeLogger.Export;

/// <summary>
/// Sends a kept export request again, whole (the bytes the exporter serialized), as the OTLP exporter sends it: HTTP/2,
/// gRPC framing, within the export timeout. It tells the <see cref="ExportOutage"/> whether the endpoint answered.
/// </summary>
/// <param name="chain">The HTTP handlers under the exporter (token, transport), without the backlog's own handler.</param>
/// <param name="target">Where export requests go, until the exporter's own first request says otherwise.</param>
/// <param name="timeout">The exporter's timeout: the longest one send may take.</param>
/// <param name="outage">Marked down on a transient fault, up on any answer.</param>
internal sealed class BatchSender(HttpMessageHandler chain, Uri target, TimeSpan timeout, ExportOutage outage) : IDisposable
{
    private static readonly MediaTypeHeaderValue s_grpc = new("application/grpc");
    private readonly HttpMessageInvoker _send = new(chain, disposeHandler: true);

    /// <summary>Where export requests go (taken from the exporter's own requests once it has sent one).</summary>
    public Uri Target { get; set; } = target;

    /// <summary>The longest one send may take: the exporter's timeout.</summary>
    public TimeSpan Timeout { get; } = timeout;

    public async Task<SendOutcome> SendAsync(byte[] body, CancellationToken stop)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, Target)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = s_grpc;
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(Timeout);
        try
        {
            using HttpResponseMessage response = await _send.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (ExportAnswers.TransientStatus(response) is { } status)
            {
                outage.Began(status);
                return SendOutcome.Failed;
            }

            outage.Ended();
            return ExportAnswers.IsAccepted(response) ? SendOutcome.Accepted : SendOutcome.Refused;
        }
        catch (Exception ex) when (ExportAnswers.IsTransient(ex) && !stop.IsCancellationRequested)
        {
            outage.Began(ex.GetType().Name + ": " + ex.Message);
            return SendOutcome.Failed;
        }
        catch (CertificateRejectedException)
        {
            // Answered, in a way: the herald is up, and this batch is failed rather than retried (already warned about).
            outage.Ended();
            return SendOutcome.Refused;
        }
    }

    public void Dispose() => _send.Dispose();
}
