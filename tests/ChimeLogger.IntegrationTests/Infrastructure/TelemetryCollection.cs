namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>
/// Every test that sets ChimeLogger up: <see cref="ChimeTelemetry"/> holds one tracer per process, so these tests
/// run one at a time, sharing one receiver.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<ReceiverFixture>
{
    public const string Name = "ChimeTelemetry";
}
