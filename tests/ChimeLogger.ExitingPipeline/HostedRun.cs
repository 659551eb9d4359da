using ChimeLogger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.ExitingPipeline;

/// <summary>
/// The same pipeline in a generic host: <c>AddChimeLogger</c> and a <see cref="BackgroundService"/> that emits the spans,
/// then runs an operation that waits until the host stops it (its token is cancelled). The host's own lifetime handles
/// SIGTERM and Ctrl+C; <c>HostOptions.ShutdownTimeout</c> comes from the environment (<c>HOST_SHUTDOWN_SECONDS</c>) or is
/// the default 30 s.
/// </summary>
internal static class HostedRun
{
    public static async Task<int> RunAsync(int spans, int shutdownMilliseconds)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        if (Environment.GetEnvironmentVariable("HOST_SHUTDOWN_SECONDS") is { Length: > 0 } seconds)
        {
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));
        }

        builder.AddChimeLogger(options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(shutdownMilliseconds));
        builder.Services.AddSingleton(new PipelineShape(spans));
        builder.Services.AddHostedService<ClassifyingService>();
        using IHost host = builder.Build();
        await host.RunAsync();
        return 0;
    }

    private sealed record PipelineShape(int Spans);

    private sealed class ClassifyingService(ChimeTracer tracer, ILogger<ClassifyingService> log, PipelineShape shape) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            for (int i = 0; i < shape.Spans; i++)
            {
                using (tracer.Create("ingest", $"blk-{i:D3}", "raw_data"))
                {
                    log.LogInformation("Ingested block {Index}", i);
                }
            }

            await tracer.Operate("classify", "evt-inflight", "event").Track(ClassifyAsync(stoppingToken), stoppingToken);
        }

        private async Task ClassifyAsync(CancellationToken stoppingToken)
        {
            log.LogInformation("Classifying in flight");
            await Console.Out.WriteLineAsync("in flight");
            await Console.Out.FlushAsync(stoppingToken);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
    }
}
