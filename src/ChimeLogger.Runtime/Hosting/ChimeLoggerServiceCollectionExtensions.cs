using ChimeLogger.Configuration;
using ChimeLogger.Auth;
using ChimeLogger.Export;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger;

/// <summary>Wires ChimeLogger into a host's logging and dependency injection.</summary>
public static class ChimeLoggerServiceCollectionExtensions
{
    /// <summary>
    /// Adds ChimeLogger to <paramref name="services"/>: the host's loggers are enriched and exported as with
    /// <see cref="ChimeTelemetry.Setup"/>, a <see cref="ChimeTracer"/> singleton is registered and becomes the
    /// process tracer when the host starts. A configured credential is exchanged at host start, which fails
    /// if the herald refuses.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets options in code; they win over the environment.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ChimeLoggerConfigurationException">A setting is invalid.</exception>
    public static IServiceCollection AddChimeLogger(this IServiceCollection services, Action<ChimeLoggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ChimeSettings)))
        {
            throw new InvalidOperationException("AddChimeLogger was already called on these services.");
        }

        ChimeLoggerOptions options = new();
        configure?.Invoke(options);
        ChimeSettings settings = ChimeSettings.Resolve(options);
        HeraldTokenSource? tokens = Hosting.ChimeComposition.CreateTokenSource(settings);

        // First hosted service: the credential is exchanged before the exporters start.
        services.AddHostedService<Hosting.ChimeTelemetryHostedService>();
        Hosting.ChimeComposition.AddServices(services, settings, tokens);
        services.AddSingleton(provider =>
        {
            ChimeTracer tracer = new(
                settings,
                provider.GetRequiredService<ILoggerFactory>(),
                provider.GetService<TracerProvider>(),
                provider.GetService<LoggerProvider>(),
                ownedServices: null,
                ownedAuth: tokens,
                provider.GetRequiredService<ExportCounters>());
            Hosting.ChimeComposition.ReportStartup(provider, tracer);
            return tracer;
        });
        return services;
    }

    /// <summary>Adds ChimeLogger to the application builder's services, as <see cref="AddChimeLogger(IServiceCollection, Action{ChimeLoggerOptions}?)"/>.</summary>
    /// <typeparam name="TBuilder">The host builder type.</typeparam>
    /// <param name="builder">The application builder.</param>
    /// <param name="configure">Sets options in code; they win over the environment.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddChimeLogger<TBuilder>(this TBuilder builder, Action<ChimeLoggerOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddChimeLogger(configure);
        return builder;
    }
}
