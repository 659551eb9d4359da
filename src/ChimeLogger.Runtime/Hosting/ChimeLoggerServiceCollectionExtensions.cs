using ChimeLogger;
using ChimeLogger.Configuration;
using ChimeLogger.Composition;
using ChimeLogger.Diagnostics;
using ChimeLogger.Hosting;
using ChimeLogger.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Wires ChimeLogger into a host's logging and dependency injection. In the namespace of <see cref="IServiceCollection"/>,
/// as .NET's own service registrations are, so that <c>services.AddChimeLogger()</c> needs no extra <c>using</c>.
/// </summary>
public static class ChimeLoggerServiceCollectionExtensions
{
    /// <summary>The configuration section <see cref="ChimeLoggerOptions"/> are read from (<c>appsettings.json</c>: <c>"ChimeLogger": { ... }</c>).</summary>
    public const string ConfigurationSection = "ChimeLogger";

    /// <summary>
    /// Adds ChimeLogger to <paramref name="services"/>: the host's loggers are enriched with the CHIME context and also
    /// exported to the collector and the file log, helix spans are exported to the herald, and a <see cref="ChimeTracer"/>
    /// singleton is registered that becomes the process tracer before any hosted service starts. ChimeLogger keeps its
    /// own trace and log pipelines: an app's own OpenTelemetry keeps its sources, exporters and <c>service.name</c>. A
    /// configured credential is exchanged at host start, which fails if the herald refuses.
    /// </summary>
    /// <remarks>
    /// Options are read from the <c>ChimeLogger</c> section of the host's <see cref="IConfiguration"/> when the service
    /// provider is built, so an invalid setting fails the host's <c>Build</c>. The overloads that are given the
    /// configuration (or the application builder) read it at once and fail here instead.
    /// </remarks>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets options in code; they win over configuration and the environment.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ChimeLoggerConfigurationException">A setting is invalid (when the service provider is built).</exception>
    public static IServiceCollection AddChimeLogger(this IServiceCollection services, Action<ChimeLoggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Register(services, provider => ResolveSettings(provider.GetService<IConfiguration>(), configure));
    }

    /// <summary>
    /// Adds ChimeLogger to <paramref name="services"/> as <see cref="AddChimeLogger(IServiceCollection, Action{ChimeLoggerOptions}?)"/>,
    /// reading options from the <c>ChimeLogger</c> section of <paramref name="configuration"/> at once. Precedence: code
    /// (<paramref name="configure"/>), then configuration, then the environment variables, then the defaults.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The app's configuration, or <see langword="null"/> for none.</param>
    /// <param name="configure">Sets options in code; they win over configuration and the environment.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ChimeLoggerConfigurationException">A setting is invalid, or the section holds a key that is not an option.</exception>
    public static IServiceCollection AddChimeLogger(this IServiceCollection services, IConfiguration? configuration, Action<ChimeLoggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ChimeSettings settings = ResolveSettings(configuration, configure);
        return Register(services, _ => settings);
    }

    private static IServiceCollection Register(IServiceCollection services, Func<IServiceProvider, ChimeSettings> settings)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ChimePipelines)))
        {
            throw new InvalidOperationException("AddChimeLogger was already called on these services.");
        }

        // First hosted service: it makes the tracer the process tracer in StartingAsync, before any hosted service starts.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ChimeTelemetryHostedService>());

        // ChimeLogger's pipelines are its own (docs/helix-contract.md §1: one scope, ChimeLogger's resource): the app's
        // sources never reach the herald, and the app's exporters never see the helix spans unless the app adds the
        // ChimeLogger source to its own tracing.
        // Steps 1 to 5 of the start-up (ChimeComposition) when the host's logging is built; the credential is exchanged at
        // host start (ChimeTelemetryHostedService), and the last step when the tracer is first asked for.
        services.AddSingleton(provider =>
        {
            ChimeSettings resolved = settings(provider);
            WarningLog warnings = new(() => provider.GetService<ILoggerFactory>());
            return new ChimePipelines(resolved, ChimeComposition.CreateTokenSource(resolved, warnings), warnings, hosted: true);
        });
        services.AddSingleton(provider => provider.GetRequiredService<ChimePipelines>().Settings);
        services.AddLogging(logging => logging.EnableEnrichment());
        services.AddLogEnricher<ChimeLogEnricher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, HostLogBridge>());
        services.AddSingleton(provider => new ChimeTracer(
            ChimeComposition.Start(provider.GetRequiredService<ChimePipelines>(), provider.GetRequiredService<ILoggerFactory>())));
        return services;
    }

    private static ChimeSettings ResolveSettings(IConfiguration? configuration, Action<ChimeLoggerOptions>? configure)
    {
        ChimeLoggerOptions options = new();
        if (configuration is not null)
        {
            BindSection(configuration.GetSection(ConfigurationSection), options);
        }

        configure?.Invoke(options);
        return ChimeSettings.Resolve(options);
    }

    // A key the options do not have is an error, not a silent default: a misspelt "HeraldEndpont" would otherwise
    // send the telemetry elsewhere without a word.
    private static void BindSection(IConfigurationSection section, ChimeLoggerOptions options)
    {
        // The binder would name unknown keys too, but after its own option name: the key, and the option meant, come first.
        if (ConfigurationKeys.DescribeUnknown(section) is { } unknown)
        {
            throw new ChimeLoggerConfigurationException(unknown);
        }

        try
        {
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new ChimeLoggerConfigurationException(
                $"Invalid configuration section '{section.Path}': {ex.Message} Each key must be a ChimeLoggerOptions property (for example Pipeline, Site, HeraldEndpoint).", ex);
        }
    }
}
