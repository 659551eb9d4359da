using ChimeLogger;

namespace ChimeLogger.Generators.RunTests;

public sealed class Candidate
{
    public required string EventId { get; init; }

    public required List<string> BeamIds { get; init; }
}

/// <summary>Instrumented methods of every shape; their Core bodies record what they saw for the tests.</summary>
public partial class InstrumentedPipeline
{
    public HelixToken ReceivedToken { get; private set; }

    public HelixToken? CurrentInCore { get; private set; }

    public TaskCompletionSource<int> Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public System.Diagnostics.Activity? CurrentAfterAwait { get; private set; }

    [Operate("register", ResourceType = "event")]
    public partial void Register([ResourceName] string eventId, [SpanAttribute("helix.chime.snr")] double snr, [SpanAttribute("beam.count")] int beams, [SpanAttribute] bool verified);

    private void RegisterCore(string eventId, double snr, int beams, bool verified, HelixToken token)
    {
        ReceivedToken = token;
        CurrentInCore = HelixToken.Current;
    }

    [Create("l2-event", ResourceType = "event")]
    public partial string Promote([ResourceName("EventId"), Parents("BeamIds")] Candidate candidate);

    private string PromoteCore(Candidate candidate) => Lookup(candidate.EventId);

    [Create("l1-search", ResourceType = "n2_acquisition")]
    public partial Task<int> SearchAsync([ResourceName] string beamId, [Parents] string blockId);

    private async Task<int> SearchAsyncCore(string beamId, string blockId, HelixToken token)
    {
        ReceivedToken = token;
        int value = await Gate.Task;
        CurrentAfterAwait = System.Diagnostics.Activity.Current;
        CurrentInCore = HelixToken.Current;
        return value;
    }

    [Operate("classify", ResourceType = "event")]
    public partial ValueTask<int> ClassifyAsync([ResourceName] string eventId);

    private async ValueTask<int> ClassifyAsyncCore(string eventId)
    {
        int value = await Gate.Task;
        CurrentAfterAwait = System.Diagnostics.Activity.Current;
        return value;
    }

    [Operate("classify-now", ResourceType = "event")]
    public partial ValueTask<int> ClassifyNowAsync([ResourceName] string eventId);

    private ValueTask<int> ClassifyNowAsyncCore(string eventId) => new(eventId.Length);

    [ChildSpan("catalog-lookup")]
    private partial string Lookup(string eventId);

    private string LookupCore(string eventId) => "entry-" + eventId;

    [Operate("fail", ResourceType = "event")]
    public partial void Fail([ResourceName] string eventId);

    private void FailCore(string eventId) => throw new InvalidOperationException("boom on " + eventId);

    [Operate("fail-async", ResourceType = "event")]
    public partial Task FailAsync([ResourceName] string eventId);

    private async Task FailAsyncCore(string eventId)
    {
        await Gate.Task;
        throw new TimeoutException("replication timed out for " + eventId);
    }

    [Operate("fail-before-task", ResourceType = "event")]
    public partial Task FailBeforeTaskAsync([ResourceName] string eventId);

    private Task FailBeforeTaskAsyncCore(string eventId) => throw new ArgumentException("bad id " + eventId);

    [Operate("wait", ResourceType = "event")]
    public partial Task WaitAsync([ResourceName] string eventId, CancellationToken cancellationToken);

    private async Task WaitAsyncCore(string eventId, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    [Operate("wait-other", ResourceType = "event")]
    public partial Task WaitOtherAsync([ResourceName] string eventId, CancellationToken cancellationToken);

    private async Task WaitOtherAsyncCore(string eventId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using CancellationTokenSource other = new();
        other.Cancel();
        other.Token.ThrowIfCancellationRequested();
    }

    [ChildSpan("generic-step")]
    public static partial T Echo<T>(ref T value, in int times, params string[] tags)
        where T : notnull;

    private static T EchoCore<T>(ref T value, in int times, string[] tags)
        where T : notnull => value;
}

/// <summary>A method whose Core allocates nothing, to measure what the generated code allocates.</summary>
public sealed partial class AllocationProbe
{
    public long Total { get; private set; }

    [Operate("probe", ResourceType = "probe")]
    public partial void Measure([ResourceName] string id, [SpanAttribute("value")] int value, [SpanAttribute("ratio")] double ratio);

    private void MeasureCore(string id, int value, double ratio, HelixToken token) => Total += value;

    /// <summary>The same body, for the hand-written comparison.</summary>
    public void MeasureCoreForComparison(string id, int value, double ratio, HelixToken token) => MeasureCore(id, value, ratio, token);
}
