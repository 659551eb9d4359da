using ChimeLogger.Composition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChimeLogger.Hosting;

/// <summary>
/// Starts ChimeLogger in a hosted app: exchanges the herald credential (failing host start on refusal), then makes the
/// host's <see cref="ChimeTracer"/> the process tracer. It does so in <see cref="StartingAsync"/>, which the host runs
/// before the <c>StartAsync</c> of every hosted service, so that hosted services registered before <c>AddChimeLogger</c>
/// find the tracer when they start.
/// </summary>
internal sealed class ChimeTelemetryHostedService(IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ChimePipelines>().Tokens?.Initialize();
        ChimeTelemetry.Register(services.GetRequiredService<ChimeTracer>());
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // After every hosted service has stopped, so that what they did while stopping is flushed too.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Starts the one ShutdownTimeout that the tracer's disposal, at the host's disposal, then finishes; gives up at the
    // host's own ShutdownTimeout (the token).
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        return services.GetRequiredService<ChimeTracer>().Lifetime.FlushAtHostStopAsync(cancellationToken);
    }
}
