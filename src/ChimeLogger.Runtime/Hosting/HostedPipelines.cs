using Microsoft.Extensions.DependencyInjection;

namespace ChimeLogger.Hosting;

/// <summary>
/// ChimeLogger's private trace and log pipelines inside a host (<see cref="ChimeComposition.BuildPipelines"/>), built
/// when the host's logging is, disposed with the host. The host's own OpenTelemetry, if any, is never touched.
/// </summary>
internal sealed class HostedPipelines(ServiceProvider provider) : IDisposable
{
    public ServiceProvider Provider { get; } = provider;

    public void Dispose() => Provider.Dispose();
}
