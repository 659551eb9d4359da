using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Tests;

/// <summary>
/// A logger that keeps everything it is given (category, level, event id, message), for tests that read what ChimeLogger
/// logs, its own warnings above all. Loggers of other categories made with <see cref="ForCategory"/> keep their records
/// in the same place, so one capture sees what a whole logger factory wrote (<see cref="CapturingLoggerProvider"/>).
/// </summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly List<CapturedRecord> _records;
    private readonly string _category;

    public CapturingLogger()
        : this("ChimeLogger", [])
    {
    }

    private CapturingLogger(string category, List<CapturedRecord> records)
    {
        _category = category;
        _records = records;
    }

    /// <summary>Every record so far, oldest first (a copy: the export loop may write while a test reads).</summary>
    public List<CapturedRecord> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>The messages so far, oldest first.</summary>
    public List<string> Messages => Records.ConvertAll(record => record.Message);

    /// <summary>The messages of warnings and errors so far, oldest first.</summary>
    public List<string> Warnings => Records.Where(record => record.Level >= LogLevel.Warning).Select(record => record.Message).ToList();

    /// <summary>A logger of <paramref name="category"/> whose records are kept here too.</summary>
    public CapturingLogger ForCategory(string category) => new(category, _records);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_records)
        {
            _records.Add(new CapturedRecord(_category, logLevel, eventId, formatter(state, exception)));
        }
    }
}

/// <summary>One record a <see cref="CapturingLogger"/> kept.</summary>
internal sealed record CapturedRecord(string Category, LogLevel Level, EventId Id, string Message);

/// <summary>
/// Hands a <see cref="CapturingLogger"/> to a logger factory: for the <c>ChimeLogger</c> category (ChimeLogger's own
/// warnings), or for every category.
/// </summary>
internal sealed class CapturingLoggerProvider(CapturingLogger logger, bool everyCategory = false) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) =>
        everyCategory || categoryName == "ChimeLogger" ? logger.ForCategory(categoryName) : NullLogger.Instance;

    public void Dispose()
    {
    }
}
