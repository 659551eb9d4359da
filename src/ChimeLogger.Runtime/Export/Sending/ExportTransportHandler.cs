using System.Net.Sockets;

namespace ChimeLogger.Export;

/// <summary>
/// The HTTP handler under every OTLP export. It reads the whole gRPC answer (a few bytes), so that the trailers
/// (<c>grpc-status</c>) can be inspected and a connection lost while reading is seen here; it shows each answer to
/// the <see cref="HeraldExportMonitor"/>; and it reports a connection that broke in the middle of an export (the
/// receiver was stopped) as the connection reset it is: a transient fault, retried like a refused connection. With a
/// <see cref="CertificateCheck"/>, a failed TLS handshake is reported as the certificate problem it is, which is not retried.
/// </summary>
internal sealed class ExportTransportHandler : DelegatingHandler
{
    private readonly HeraldExportMonitor? _monitor;
    private readonly CertificateCheck? _certificates;

    public ExportTransportHandler(HeraldExportMonitor? monitor, HttpMessageHandler inner, CertificateCheck? certificates = null) : base(inner)
    {
        _monitor = monitor;
        _certificates = certificates;
        if (certificates is not null && inner is SocketsHttpHandler sockets)
        {
            sockets.SslOptions.RemoteCertificateValidationCallback = certificates.Validate;
        }
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            HttpResponseMessage response = base.Send(request, cancellationToken);
            response.Content.LoadIntoBufferAsync(cancellationToken).GetAwaiter().GetResult();
            _monitor?.Inspect(response);
            return response;
        }
        catch (HttpRequestException ex) when (AsReported(ex) is { } reported)
        {
            throw reported;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            // Stryker disable once Boolean : no synchronization context on the exporter's thread, so continuing on a captured one is the same.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            _monitor?.Inspect(response);
            return response;
        }
        catch (HttpRequestException ex) when (AsReported(ex) is { } reported)
        {
            throw reported;
        }
    }

    // A failed TLS handshake is the certificate problem it is; a broken connection the connection reset it is; any other
    // failure reaches the exporter unchanged (null).
    private HttpRequestException? AsReported(HttpRequestException ex) =>
        _certificates is not null && ex.HttpRequestError == HttpRequestError.SecureConnectionError ? _certificates.Rejected(ex)
        : IsBrokenConnection(ex) ? AsConnectionReset(ex)
        : null;

    // A receiver killed during an export ends the HTTP/2 stream (an IOException inside) rather than refusing or
    // resetting the connection (a SocketException); it is the same transient fault, and reported as such.
    private static bool IsBrokenConnection(HttpRequestException ex) =>
        ex.InnerException is not SocketException
        && (ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError
            || ex.InnerException is IOException);

    private static HttpRequestException AsConnectionReset(HttpRequestException ex) =>
        new(ex.HttpRequestError, ex.Message, new SocketException((int)SocketError.ConnectionReset), ex.StatusCode);
}
