using ChimeLogger.Testing.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Testing.Tests.Capture;

/// <summary>Where the two classes of <see cref="ParallelIsolation"/> wait for each other, so that both heralds run at once.</summary>
internal static class Rendezvous
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(3);
    private static readonly TaskCompletionSource s_aStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TaskCompletionSource s_bStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TaskCompletionSource s_aRecorded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TaskCompletionSource s_bRecorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static ChimeTracer? TracerOfA { get; set; }

    public static ChimeTracer? TracerOfB { get; set; }

    // Awaited, not blocked on: a test waiting here gives its thread back, so the other class can run even on one thread.
    public static async Task BothStartedAsync(bool isA)
    {
        (isA ? s_aStarted : s_bStarted).TrySetResult();
        await (isA ? s_bStarted : s_aStarted).Task.WaitAsync(s_patience);
    }

    public static async Task BothRecordedAsync(bool isA)
    {
        (isA ? s_aRecorded : s_bRecorded).TrySetResult();
        await (isA ? s_bRecorded : s_aRecorded).Task.WaitAsync(s_patience);
    }
}

/// <summary>
/// Two test classes, which xunit runs in parallel, each with its own herald: they meet while both heralds run (so the
/// overlap is real, not left to the scheduler), record the same kinds of telemetry, and each sees only its own. Both run
/// this test, each as itself: A records <c>par-a</c> entities, B <c>par-b</c>.
/// </summary>
public abstract class ParallelIsolation(bool isA)
{
    [Fact]
    public async Task Sees_only_its_own_entities_while_the_other_class_records_the_same_kinds()
    {
        (string own, string other) = isA ? ("par-a", "par-b") : ("par-b", "par-a");
        using TestHerald herald = Heralds.Start();
        if (isA)
        {
            Rendezvous.TracerOfA = herald.Tracer;
        }
        else
        {
            Rendezvous.TracerOfB = herald.Tracer;
        }

        await Rendezvous.BothStartedAsync(isA);

        await ParallelWork.RecordAsync(herald.Tracer, own);
        await Rendezvous.BothRecordedAsync(isA);

        Assert.Same(Rendezvous.TracerOfA, Rendezvous.TracerOfB); // one tracer, two scopes
        ParallelWork.AssertOnlyOwn(herald, own, other);
    }
}

public sealed class ParallelIsolationA() : ParallelIsolation(isA: true);

public sealed class ParallelIsolationB() : ParallelIsolation(isA: false);

internal static class ParallelWork
{
    public static async Task RecordAsync(ChimeTracer tracer, string prefix)
    {
        ILogger log = tracer.CreateLogger("CHIME.parallel");
        EventPipeline pipeline = new(log);
        for (int i = 0; i < 5; i++)
        {
            pipeline.Promote($"{prefix}-evt-{i}", [$"{prefix}-beam-{i}"]);
            await Task.Yield(); // hop threads: the scope must follow the flow, not the thread
            pipeline.Classify($"{prefix}-evt-{i}", dm: 100 + i);
            log.LogInformation("Done with {Prefix} {Index}", prefix, i);
        }
    }

    public static void AssertOnlyOwn(TestHerald herald, string own, string other)
    {
        Assert.Equal(5, herald.Entities.Count);
        Assert.All(herald.Entities, entity => Assert.StartsWith(own + "-", entity.Id, StringComparison.Ordinal));
        Assert.Equal(15, herald.Logs.Count);
        Assert.All(herald.Logs, log => Assert.Contains(own, log.EntityId ?? log.Message, StringComparison.Ordinal)); // "Done with" is written outside spans
        Assert.DoesNotContain(herald.Spans, span => Equals(span.Attribute("helix.entity.id"), $"{other}-evt-0"));
        herald.ShouldHaveEntity($"{own}-evt-4").ShouldHaveOperation("classify");
        herald.ShouldNotHaveEntity($"{other}-evt-4");
    }
}
