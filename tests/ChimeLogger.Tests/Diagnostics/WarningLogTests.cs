using ChimeLogger.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Tests.Diagnostics;

/// <summary>
/// Where the parts built before logging write their warnings (<see cref="ChimeLogger.Diagnostics.WarningLog"/>): to the
/// logging built after them, once it exists; never a throw, when that logging is already gone.
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

    [Fact]
    public void A_warning_after_its_logging_was_disposed_goes_nowhere_instead_of_throwing()
    {
        ServiceProvider services = new ServiceCollection().AddLogging().BuildServiceProvider();
        WarningLog log = new(() => services.GetService<ILoggerFactory>());
        services.Dispose(); // a host that has stopped

        Assert.Same(NullLogger.Instance, log.Logger);
        log.Logger.LogWarning("written after the logging closed");
    }
}
