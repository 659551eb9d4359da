using ChimeLogger.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Logging;

/// <summary>
/// Writes ChimeLogger's own warnings (category <c>ChimeLogger</c>) to standard error, one line each, as Python's logging
/// does when nothing is configured: a user who set up nothing still reads that telemetry was lost or an id was refused
/// (docs/helix-contract.md §6). Lines are written at once, not queued, so the warnings given at process exit are not lost
/// with the process.
/// </summary>
internal sealed class StandardErrorWarnings : ILoggerProvider
{
    /// <summary>A logger that writes each warning to standard error at once, the one this provider gives the <c>ChimeLogger</c> category.</summary>
    public static ILogger Logger { get; } = new WarningWriter();

    public ILogger CreateLogger(string categoryName) =>
        categoryName == ChimeWarnings.Category ? Logger : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class WarningWriter : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string line = PythonLevels.Of(logLevel) + " " + ChimeWarnings.Category + ": " + formatter(state, exception);
            try
            {
                Console.Error.WriteLine(line);
            }
            catch (IOException)
            {
                // A closed standard error must not break the pipeline.
            }
            catch (ObjectDisposedException)
            {
                // Likewise at the very end of the process.
            }
        }
    }
}
