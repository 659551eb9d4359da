using ChimeLogger.Testing.Tests.Infrastructure;

namespace ChimeLogger.Testing.Tests.Capture;

/// <summary>A herald started in the test class constructor and disposed with the class: its scope is the test's.</summary>
public sealed class HeraldStartedInTheConstructorTests : IDisposable
{
    private readonly TestHerald _herald = Heralds.Start();

    [Fact]
    public async Task Sees_what_the_test_method_records()
    {
        // A second herald, started outside this flow, so that telemetry without a scope would go to neither.
        TestHerald? other = null;
        Thread starter = new(() => other = Heralds.Start());
        starter.Start();
        Assert.True(starter.Join(TimeSpan.FromMinutes(1)), "the starting thread did not finish");
        using TestHerald second = other!;

        await Task.Yield();
        _herald.Tracer.Create("ingest", "ctor-block-1", "raw_data").Complete();

        Assert.Equal(["ctor-block-1"], _herald.Entities.Select(static e => e.Id));
        Assert.Empty(second.Entities);
    }

    public void Dispose() => _herald.Dispose();
}
