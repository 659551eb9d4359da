using System.Net;
using System.Text;

namespace ChimeLogger.Tests;

/// <summary>The herald's token endpoint (<c>/auth/token</c>), issuing <paramref name="token"/> valid for a day and counting the requests.</summary>
/// <param name="token">The token it issues.</param>
internal sealed class TokenEndpoint(string token) : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return new(HttpStatusCode.OK)
        {
            Content = new StringContent($"{{\"token\": \"{token}\", \"expires_in\": 86400}}", Encoding.UTF8, "application/json"),
        };
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));
}
