using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Diagnostics;

/// <summary>
/// Where a part of ChimeLogger writes its own warnings (<see cref="ChimeWarnings"/>), given to the part when it is built:
/// the export path, the herald token source, the herald monitor. Those parts are built before the logging they warn
/// through, because that logging exports through them (docs/architecture.md, start-up order); so the log is built first
/// with the way to its logger, and opens it at the first warning. Nothing warns while the pipelines are being built: the
/// parts that could (the retry backlog opening its disk store) do so only once they are started, after the build.
/// </summary>
internal sealed class WarningLog
{
    private readonly Func<ILoggerFactory?> _loggers;
    private ILogger? _logger;

    /// <summary>A log whose warnings go to <paramref name="logger"/>.</summary>
    public WarningLog(ILogger logger)
    {
        _logger = logger;
        _loggers = static () => null;
    }

    /// <summary>A log whose warnings go to the <see cref="ChimeWarnings.Category"/> logger of the factory <paramref name="loggers"/> gives.</summary>
    /// <param name="loggers">The logger factory, once it is built (<see langword="null"/> before: the warning goes nowhere).</param>
    public WarningLog(Func<ILoggerFactory?> loggers) => _loggers = loggers;

    /// <summary>A log that writes nowhere, for parts built without logging.</summary>
    public static WarningLog Silent { get; } = new(NullLogger.Instance);

    /// <summary>The logger the warnings go to.</summary>
    public ILogger Logger
    {
        get
        {
            if (_logger is { } opened)
            {
                return opened;
            }

            // Two threads may both open it: the factory hands out equivalent loggers, either is kept. A warning must not
            // throw: a logging already disposed (a host that has stopped) takes none.
            ILogger? logger;
            try
            {
                logger = _loggers()?.CreateLogger(ChimeWarnings.Category);
            }
            catch (ObjectDisposedException)
            {
                logger = null;
            }

            return logger is null ? NullLogger.Instance : _logger = logger;
        }
    }
}
