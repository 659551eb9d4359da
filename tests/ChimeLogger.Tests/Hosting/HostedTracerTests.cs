using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ChimeLogger.Composition;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests.Hosting;

/// <summary>
/// <c>AddChimeLogger</c> in a generic host: the tracer takes its section and is the process tracer while the host runs,
/// is flushed once the host has stopped and released when it is disposed; a second call, null services or builder, and a
/// host started while another tracer owns the process are refused saying what to do; a hosted credential is exchanged at
/// host start; a logger asked for after the host is disposed writes nowhere; a host disposed before it handed out its
/// tracer still ends ChimeLogger's pipelines and stops watching signals.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HostedTracerTests
{
    private readonly HostedApp _app = new();

    [Fact]
    public async Task A_hosted_tracer_takes_its_section_is_the_process_tracer_while_the_host_runs_and_is_released_after()
    {
        HostApplicationBuilder builder = HostedApp.Builder(new() { ["ChimeLogger:Pipeline"] = "hosted-pipeline", ["ChimeLogger:Site"] = "gbo", ["ChimeLogger:ProcessName"] = "from-config" });
        builder.AddChimeLogger(options =>
        {
            _app.InMemory(options);
            options.ProcessName = "from-code";
        });
        ChimeTracer tracer;
        using (IHost host = builder.Build())
        {
            Assert.Null(ChimeTelemetry.GetTracer());
            await host.StartAsync();
            tracer = host.Services.GetRequiredService<ChimeTracer>();

            Assert.Same(tracer, ChimeTelemetry.GetTracer());
            Assert.Equal("hosted-pipeline", tracer.Pipeline);
            Assert.Equal("gbo", tracer.Site);
            Assert.Equal("from-code", tracer.ProcessName);

            using (tracer.Create("ingest", "block-1", "raw_data"))
            {
                host.Services.GetRequiredService<ILogger<HostedTracerTests>>().LogInformation("block read by the host's logger");
            }

            await host.StopAsync();
        }

        Assert.Null(ChimeTelemetry.GetTracer());
        Assert.False(tracer.IsListening);
        Activity span = Assert.Single(_app.Spans);
        Assert.Equal("hosted-pipeline", span.GetTagItem(HelixAttributes.Pipeline));
        LogRecord record = Assert.Single(_app.Logs, log => log.FormattedMessage == "block read by the host's logger");
        Dictionary<string, object?> attributes = TelemetryHarness.Attributes(record);
        Assert.Equal("block-1", attributes["helix_entity_id"]);
        Assert.Equal("hosted-pipeline", attributes["pipeline"]);
    }

    [Fact]
    public async Task The_host_flushes_what_is_queued_once_it_has_stopped()
    {
        List<Activity> exported = [];
        HostApplicationBuilder builder = HostedApp.Builder([]);
        builder.AddChimeLogger(options =>
        {
            _app.InMemory(options);
            options.ConfigureTracing = tracing => tracing.AddProcessor(
                new BatchActivityExportProcessor(new OpenTelemetry.Exporter.InMemoryExporter<Activity>(exported), scheduledDelayMilliseconds: 600_000));
        });
        using IHost host = builder.Build();
        await host.StartAsync();
        host.Services.GetRequiredService<ChimeTracer>().Create("ingest", "block-1", "raw_data").Complete();
        Assert.Empty(exported);

        await host.StopAsync();

        Assert.Single(exported);
    }

    [Fact]
    public void AddChimeLogger_twice_on_the_same_services_is_refused()
    {
        ServiceCollection services = new();
        services.AddChimeLogger(_app.InMemory);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => services.AddChimeLogger(_app.InMemory));

        Assert.Contains("AddChimeLogger was already called", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_services_or_builder_are_refused_by_name()
    {
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddChimeLogger()).ParamName);
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddChimeLogger(configuration: null)).ParamName);
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ((IHostApplicationBuilder)null!).AddChimeLogger()).ParamName);
    }

    [Fact]
    public async Task A_host_started_while_another_tracer_owns_the_process_is_refused_saying_what_to_do()
    {
        using TelemetryHarness owner = new();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddChimeLogger(options =>
        {
            options.EnvironmentReader = _ => null;
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
        });
        using IHost host = builder.Build();

        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Equal(
            "ChimeLogger is already set up in this process (ChimeTelemetry.Setup or another host). Dispose the existing ChimeTracer first; one process exports through one tracer.",
            refused.Message);
        Assert.Same(owner.Tracer, ChimeTelemetry.Tracer);
    }

    [Fact]
    public async Task A_hosted_credential_is_exchanged_at_host_start_and_a_plaintext_herald_is_warned_about()
    {
        List<LogRecord> logs = [];
        TokenEndpoint auth = new("tok-hosted");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddChimeLogger(options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.ExportRetry = ExportRetryMode.None;
            options.ShutdownTimeout = TimeSpan.FromSeconds(2);
            options.HeraldEndpoint = "http://herald.example:4317"; // no span ends: nothing is sent there
            options.LogsEndpoint = $"127.0.0.1:{Ports.Closed()}";
            options.AuthEndpoint = "https://auth.example:8080/auth/token";
            options.Credential = "s3cret-hosted";
            options.AuthHttpHandler = auth;
            options.ConfigureLogging = logging => logging.AddInMemoryExporter(logs);
        });
        using IHost host = builder.Build();
        Assert.Equal(0, auth.Requests);

        await host.StartAsync();

        Assert.Equal(1, auth.Requests);
        Assert.Contains(logs, log => log.LogLevel == LogLevel.Warning
            && log.FormattedMessage == "Herald tokens are sent in plaintext to http://herald.example:4317/: set HERALD_INSECURE=false or use an https:// endpoint outside this host.");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_logger_asked_for_after_the_host_is_disposed_writes_nowhere_instead_of_throwing()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddChimeLogger(options =>
        {
            options.EnvironmentReader = _ => null;
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
        });
        IHost host = builder.Build();
        ILoggerProvider bridge = host.Services.GetServices<ILoggerProvider>().OfType<global::ChimeLogger.Hosting.HostLogBridge>().Single();
        await host.StartAsync();
        Assert.True(bridge.CreateLogger("CHIME.Stage").IsEnabled(LogLevel.Information)); // ChimeLogger's loggers, while the host runs
        await host.StopAsync();

        host.Dispose(); // the host disposes ChimeLogger's pipelines with itself

        // A component still shutting down asks for a logger: it gets one that writes nowhere, and its shutdown goes on.
        ILogger late = bridge.CreateLogger("CHIME.Stage");
        Assert.False(late.IsEnabled(LogLevel.Critical));
        late.LogError("written after the host closed");
    }

    [Fact]
    public void A_host_disposed_before_it_hands_out_its_tracer_stops_watching_signals_and_ends_its_pipelines()
    {
        HostApplicationBuilder builder = HostedApp.Builder([]);
        builder.AddChimeLogger(_app.InMemory);
        IHost host = builder.Build();
        _ = host.Services.GetRequiredService<ILoggerFactory>(); // the host's logging, which builds ChimeLogger's pipelines
        ChimePipelines pipelines = host.Services.GetRequiredService<ChimePipelines>();
        Assert.True(pipelines.Lifetime.WatchesSignals);

        host.Dispose(); // never started: no tracer was handed out to end them

        Assert.False(pipelines.Lifetime.WatchesSignals);
        Assert.True(pipelines.Lifetime.HasEnded);
    }
}
