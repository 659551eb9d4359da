namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>
/// A test of the <see cref="TelemetryCollection"/> with a folder of its own, for the file log, a retry store or what a
/// receiver recorded. Disposing it disposes the process tracer the test left, if any (<see cref="ChimeTelemetry"/> holds
/// one per process, and the next test sets up its own), then what the test started (<see cref="DisposeStarted"/>), then
/// the folder.
/// </summary>
public abstract class TelemetryTest : IDisposable
{
    private protected TempDirectory Folder { get; } = new();

    public void Dispose()
    {
        ChimeTelemetry.Tracer?.Dispose();
        DisposeStarted();
        Folder.Dispose();
    }

    /// <summary>Stops the receivers and processes the test started, once the tracer no longer exports to them.</summary>
    protected virtual void DisposeStarted()
    {
    }
}
