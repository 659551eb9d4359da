using ChimeLogger.Export;

namespace ChimeLogger.Auth;

/// <summary>
/// Puts <c>authorization: Bearer &lt;token&gt;</c> on every trace export (gRPC metadata travels as HTTP/2 headers,
/// docs/helix-contract.md §3), refreshing the token through <see cref="HeraldTokenSource"/> when it is due, and
/// has a new token requested when the herald answers <c>Unauthenticated</c>. Installed only when a credential is
/// configured; the collector (logs) takes no token.
/// </summary>
internal sealed class HeraldAuthorizationHandler(HeraldTokenSource tokens, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string HeaderName = "authorization";

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        HttpResponseMessage response = base.Send(request, cancellationToken);
        NoticeRefusal(response);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        NoticeRefusal(response);
        return response;
    }

    // The transport below has read the answer, trailers included, so the gRPC status is there to look at.
    private void NoticeRefusal(HttpResponseMessage response)
    {
        if (HeraldExportMonitor.IsUnauthenticated(response))
        {
            tokens.TokenRefused();
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        string? header = tokens.GetAuthorizationHeader();
        request.Headers.Remove(HeaderName);
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(HeaderName, header);
        }
    }
}
