using System.Net;
using System.Net.Sockets;
using System.Text;
using ChimeLogger.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace ChimeLogger.Tests;

/// <summary>
/// <c>AddChimeLogger</c> at its edges: null services or builder refused by name, a host started while another tracer
/// owns the process refused with a message saying what to do, and a hosted credential exchanged at host start with the
/// plaintext warnings that setup gives.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HostingEdgeTests
{
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
        TokenEndpoint auth = new();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddChimeLogger(options =>
        {
            options.EnvironmentReader = _ => null;
            options.FileLogEnabled = false;
            options.ExportRetry = ExportRetryMode.None;
            options.ShutdownTimeout = TimeSpan.FromSeconds(2);
            options.HeraldEndpoint = "http://herald.example:4317"; // no span ends: nothing is sent there
            options.LogsEndpoint = $"127.0.0.1:{ClosedPort()}";
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
        ILoggerProvider bridge = host.Services.GetServices<ILoggerProvider>().OfType<Hosting.HostLogBridge>().Single();
        await host.StartAsync();
        Assert.True(bridge.CreateLogger("CHIME.Stage").IsEnabled(LogLevel.Information)); // ChimeLogger's loggers, while the host runs
        await host.StopAsync();

        host.Dispose(); // the host disposes ChimeLogger's pipelines with itself

        // A component still shutting down asks for a logger: it gets one that writes nowhere, and its shutdown goes on.
        ILogger late = bridge.CreateLogger("CHIME.Stage");
        Assert.False(late.IsEnabled(LogLevel.Critical));
        late.LogError("written after the host closed");
    }

    private static int ClosedPort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>The herald's token endpoint, issuing a token valid for a day and counting the requests.</summary>
    private sealed class TokenEndpoint : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return new(HttpStatusCode.OK)
            {
                Content = new StringContent("{\"token\": \"tok-hosted\", \"expires_in\": 86400}", Encoding.UTF8, "application/json"),
            };
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
