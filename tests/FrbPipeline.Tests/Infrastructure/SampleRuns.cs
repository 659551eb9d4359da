namespace FrbPipeline.Tests.Infrastructure;

/// <summary>
/// The classes that set ChimeLogger up in the test process (a <c>TestHerald</c>, a second run's <c>Setup</c>) share
/// one collection: the process has one tracer, so they run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SampleRuns
{
    public const string Name = "Sample runs and in-process telemetry";
}
