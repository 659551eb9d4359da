using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests;

/// <summary>A logger that keeps every message it is given, for tests that read the warnings ChimeLogger writes.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly List<string> _messages = [];

    /// <summary>The messages so far, oldest first (a copy: the export loop may write while a test reads).</summary>
    public List<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages)
        {
            _messages.Add(formatter(state, exception));
        }
    }
}

/// <summary>Hands a <see cref="CapturingLogger"/> to a logger factory, for the <c>ChimeLogger</c> category (ChimeLogger's own warnings).</summary>
internal sealed class CapturingLoggerProvider(CapturingLogger logger) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName == "ChimeLogger" ? logger : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }
}
