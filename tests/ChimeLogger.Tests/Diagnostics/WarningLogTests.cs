using System.Net.Sockets;
using ChimeLogger.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Tests.Diagnostics;

/// <summary>
/// Where the parts built before logging write their warnings (<see cref="ChimeLogger.Diagnostics.WarningLog"/>): to the
/// logging built after them, once it exists.
/// </summary>
public sealed class WarningLogTests
{
    [Fact]
    public void A_warning_log_built_before_its_logging_writes_to_that_logging_once_it_exists()
    {
        ILoggerFactory? loggers = null;
        WarningLog log = new(() => loggers);
        Assert.Same(NullLogger.Instance, log.Logger); // before the logging is built, a warning goes nowhere
        CapturingLogger warnings = new();
        using ILoggerFactory built = LoggerFactory.Create(logging => logging.AddProvider(new CapturingLoggerProvider(warnings)));

        loggers = built;
        log.Logger.LogWarning("first");
        log.Logger.LogWarning("second");

        Assert.Equal(["first", "second"], warnings.Messages);
        Assert.Same(log.Logger, log.Logger); // opened once
    }
}
