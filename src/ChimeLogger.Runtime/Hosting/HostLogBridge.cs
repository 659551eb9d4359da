using ChimeLogger.Composition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Hosting;

/// <summary>
/// A logging provider of the host that hands each record, already enriched by the host's logger factory, to
/// ChimeLogger's own logger factory: the collector (with ChimeLogger's resource), the file log, standard error.
/// It does not take the host's scope provider, so that scopes begun through the host's loggers are begun on
/// ChimeLogger's loggers too.
/// </summary>
internal sealed class HostLogBridge(ChimePipelines pipelines) : ILoggerProvider
{
    private readonly ILoggerFactory _chimeLoggers = pipelines.LoggerFactory;

    public ILogger CreateLogger(string categoryName)
    {
        try
        {
            return _chimeLoggers.CreateLogger(categoryName);
        }
        catch (ObjectDisposedException)
        {
            // A logger asked for while the host shuts down, after ChimeLogger's pipelines have closed.
            return NullLogger.Instance;
        }
    }

    public void Dispose()
    {
        // The pipelines belong to ChimePipelines, disposed by the host.
    }
}
