using System.Net;

namespace ChimeLogger.Tests.Export;

/// <summary>A herald that throws, answers as told, or accepts, recording what it was sent.</summary>
internal sealed class ScriptedHerald : HttpMessageHandler
{
    private readonly List<byte[]> _bodies = [];
    private readonly List<Uri> _targets = [];

    public Exception? Throw { get; init; }

    /// <summary>Accepts the request and never answers, until the send is cancelled.</summary>
    public bool Silent { get; init; }

    /// <summary>Runs while the request is being answered, after its body was read.</summary>
    public Action? During { get; init; }

    public (HttpStatusCode Code, string? GrpcStatus)? Answer { get; init; }

    /// <summary>Makes the whole answer, in place of <see cref="Answer"/>.</summary>
    public Func<HttpResponseMessage>? Respond { get; init; }

    public List<byte[]> Bodies { get { lock (_bodies) { return [.. _bodies]; } } }

    public List<Uri> Targets { get { lock (_bodies) { return [.. _targets]; } } }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Throw is not null)
        {
            throw Throw;
        }

        byte[] body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        lock (_bodies)
        {
            _bodies.Add(body);
            _targets.Add(request.RequestUri!);
        }

        During?.Invoke();
        if (Silent)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        if (Respond is not null)
        {
            return Respond();
        }

        (HttpStatusCode code, string? grpcStatus) = Answer ?? (HttpStatusCode.OK, "0");
        HttpResponseMessage response = new(code) { Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        if (grpcStatus is not null)
        {
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", grpcStatus);
        }

        return response;
    }
}
