using ChimeLogger.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChimeLogger.Hosting;

/// <summary>
/// Starts ChimeLogger in a hosted app: exchanges the herald credential (failing host start on refusal),
/// then makes the host's <see cref="ChimeTracer"/> the process tracer.
/// </summary>
internal sealed class ChimeTelemetryHostedService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetService<HeraldTokenSource>()?.Initialize();
        ChimeTelemetry.Register(services.GetRequiredService<ChimeTracer>());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ChimeTracer>().Flush();
        return Task.CompletedTask;
    }
}
