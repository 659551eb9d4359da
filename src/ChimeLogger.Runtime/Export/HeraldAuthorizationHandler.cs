namespace ChimeLogger.Export;

/// <summary>
/// Puts <c>authorization: Bearer &lt;token&gt;</c> (gRPC metadata is HTTP/2 headers) on every trace export
/// request of the OTLP exporter, refreshing the token through <see cref="HeraldTokenSource"/> when due.
/// </summary>
internal sealed class HeraldAuthorizationHandler : DelegatingHandler
{
    public const string HeaderName = "authorization";
    private readonly HeraldTokenSource _tokens;

    public HeraldAuthorizationHandler(HeraldTokenSource tokens, HttpMessageHandler inner) : base(inner) => _tokens = tokens;

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        return base.Send(request, cancellationToken);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        return base.SendAsync(request, cancellationToken);
    }

    private void Authorize(HttpRequestMessage request)
    {
        string? header = _tokens.GetAuthorizationHeader();
        request.Headers.Remove(HeaderName);
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(HeaderName, header);
        }
    }
}
