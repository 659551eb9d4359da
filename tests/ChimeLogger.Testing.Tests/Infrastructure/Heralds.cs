namespace ChimeLogger.Testing.Tests.Infrastructure;

/// <summary>What the test classes of this project that run in parallel share: heralds running at once must agree on these.</summary>
internal static class Heralds
{
    public const string Pipeline = "herald-tests";

    public static TestHerald Start() => TestHerald.Start(Pipeline);
}

/// <summary>Tests that set ChimeLogger up in other ways, or need no other herald running, run alone after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeraldAloneCollection
{
    public const string Name = "herald alone";
}
