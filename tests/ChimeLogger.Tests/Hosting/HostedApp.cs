using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Hosting;

/// <summary>A hosted app for tests: a host builder over in-memory configuration, and ChimeLogger options that keep its telemetry in memory.</summary>
internal sealed class HostedApp
{
    public List<Activity> Spans { get; } = [];

    public List<LogRecord> Logs { get; } = [];

    /// <summary>A builder with nothing but <paramref name="configuration"/> (no defaults: no machine environment, no appsettings).</summary>
    public static HostApplicationBuilder Builder(Dictionary<string, string?> configuration)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        return builder;
    }

    /// <summary>Options that keep ChimeLogger's telemetry in <see cref="Spans"/> and <see cref="Logs"/>, with no OTLP export, file log or environment.</summary>
    public void InMemory(ChimeLoggerOptions options)
    {
        options.EnvironmentReader = _ => null;
        options.OtlpExportEnabled = false;
        options.FileLogEnabled = false;
        options.ConfigureTracing = tracing => tracing.AddInMemoryExporter(Spans);
        options.ConfigureLogging = logging => logging.AddInMemoryExporter(Logs);
    }
}
