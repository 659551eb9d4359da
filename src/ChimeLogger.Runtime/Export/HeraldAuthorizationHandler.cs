using System.Net.Sockets;

namespace ChimeLogger.Export;

/// <summary>
/// The HTTP handler under every OTLP export: puts <c>authorization: Bearer &lt;token&gt;</c> (gRPC metadata is
/// HTTP/2 headers) on trace exports when a credential is configured, refreshing the token through
/// <see cref="HeraldTokenSource"/> when due; tells the <see cref="HeraldExportMonitor"/> when the herald answers
/// <c>Unauthenticated</c> (and the token source, which then requests a new token); and reports a connection that broke in the middle of an export (the receiver was stopped)
/// as the connection reset it is, which the exporter's retry treats as transient, like a refused connection.
/// </summary>
internal sealed class HeraldAuthorizationHandler : DelegatingHandler
{
    public const string HeaderName = "authorization";
    private readonly HeraldTokenSource? _tokens;
    private readonly HeraldExportMonitor? _monitor;

    public HeraldAuthorizationHandler(HeraldTokenSource? tokens, HeraldExportMonitor? monitor, HttpMessageHandler inner) : base(inner)
    {
        _tokens = tokens;
        _monitor = monitor;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        try
        {
            HttpResponseMessage response = base.Send(request, cancellationToken);

            // Read the gRPC answer here, so that a connection lost while reading it is seen by this handler and the
            // trailers (grpc-status) are there to inspect. An export answer is a few bytes.
            response.Content.LoadIntoBufferAsync(cancellationToken).GetAwaiter().GetResult();
            Inspect(response);
            return response;
        }
        catch (HttpRequestException ex) when (IsBrokenConnection(ex))
        {
            throw AsConnectionReset(ex);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            Inspect(response);
            return response;
        }
        catch (HttpRequestException ex) when (IsBrokenConnection(ex))
        {
            throw AsConnectionReset(ex);
        }
    }

    // The exporter retries an HttpRequestException only when its inner exception is a SocketException (refused,
    // reset, timed out, unreachable). A receiver killed during an export ends the HTTP/2 stream instead (an IOException
    // inside); it is the same transient fault.
    private static bool IsBrokenConnection(HttpRequestException ex) =>
        ex.InnerException is not SocketException
        && (ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError
            || ex.InnerException is IOException);

    private static HttpRequestException AsConnectionReset(HttpRequestException ex) =>
        new(ex.HttpRequestError, ex.Message, new SocketException((int)SocketError.ConnectionReset), ex.StatusCode);

    private void Inspect(HttpResponseMessage response)
    {
        if (_monitor?.Inspect(response) == true)
        {
            _tokens?.TokenRefused();
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (_tokens is null)
        {
            return;
        }

        string? header = _tokens.GetAuthorizationHeader();
        request.Headers.Remove(HeaderName);
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(HeaderName, header);
        }
    }
}
