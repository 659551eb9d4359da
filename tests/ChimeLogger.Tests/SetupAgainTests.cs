using System.Net;
using System.Net.Sockets;
using System.Text;
using ChimeLogger.Configuration;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tests;

/// <summary>
/// A later <see cref="ChimeTelemetry.Setup"/> against a process tracer that exports, writes the file log, samples and
/// holds a credential: each setting the later call states differently is named in the one warning (the credential only
/// as "a credential"), and a later call that states none of them is not warned about.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SetupAgainTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chimelogger-again-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _closedPort = ClosedPort();
    private readonly Func<string> _credential = () => "s3cret-in-effect";
    private readonly Sampler _sampler = new AlwaysOnSampler();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Each_setting_the_later_call_states_differently_is_named_with_the_one_in_effect()
    {
        using TelemetryHarness owner = Owner();

        ChimeTelemetry.Setup(null, options =>
        {
            options.EnvironmentReader = _ => null;
            options.Pipeline = "second";
            options.FileLogEnabled = false;
            options.OtlpExportEnabled = false;
            options.Insecure = false;
            options.ExportRetry = ExportRetryMode.Disk;
            options.ExportRetryPath = Path.Combine(_directory, "retry");
            options.Sampler = new AlwaysOffSampler();
            options.AuthEndpoint = "http://127.0.0.1:9/auth/token";
            options.CredentialCallback = () => "s3cret-later";
        });

        string warning = Assert.Single(owner.Warnings.Select(w => w.FormattedMessage ?? ""), m => m.Contains("called again", StringComparison.Ordinal));
        string[] expected =
        [
            "pipeline 'second' (in effect: 'first')",
            $"HeraldEndpoint https://localhost:4317/ (in effect: http://127.0.0.1:{_closedPort}/)",
            $"LogsEndpoint https://localhost:4317/ (in effect: http://127.0.0.1:{_closedPort}/)",
            "a credential (not shown; the first Setup's herald token stays in use)",
            "FileLogEnabled False (in effect: True)",
            "OtlpExportEnabled False (in effect: True)",
            "ExportRetry Disk (in effect: None)",
            $"ExportRetryPath '{Path.Combine(_directory, "retry")}' (in effect: none)",
            "Sampler (AlwaysOffSampler; not applied, in effect: AlwaysOnSampler)",
        ];
        Assert.All(expected, difference => Assert.Contains(difference, warning, StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_call_that_states_none_of_the_owners_settings_is_not_warned_about()
    {
        using TelemetryHarness owner = Owner();

        ChimeTelemetry.Setup("first", options => options.EnvironmentReader = _ => null);
        ChimeTelemetry.Setup("first", options =>
        {
            options.EnvironmentReader = _ => null;
            options.CredentialCallback = _credential;
            options.AuthEndpoint = "http://127.0.0.1:9/auth/token";
            options.Sampler = _sampler;
        });

        Assert.DoesNotContain(owner.Warnings, w => (w.FormattedMessage ?? "").Contains("called again", StringComparison.Ordinal));
    }

    // Exports (to a port nobody listens on: nothing is sent, no span ends), writes the file log, samples and holds a
    // credential exchanged with an in-process token endpoint.
    private TelemetryHarness Owner() => new(pipeline: "first", configure: options =>
    {
        options.OtlpExportEnabled = true;
        options.ExportRetry = ExportRetryMode.None;
        options.HeraldEndpoint = $"127.0.0.1:{_closedPort}";
        options.LogsEndpoint = $"127.0.0.1:{_closedPort}";
        options.ShutdownTimeout = TimeSpan.FromSeconds(2);
        options.FileLogEnabled = true;
        options.FileLogPath = Path.Combine(_directory, "chime_pipeline.log");
        options.Sampler = _sampler;
        options.AuthEndpoint = "http://127.0.0.1:9/auth/token";
        options.CredentialCallback = _credential;
        options.AuthHttpHandler = new TokenEndpoint();
    });

    private static int ClosedPort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>The herald's token endpoint, issuing a token valid for a day.</summary>
    private sealed class TokenEndpoint : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => new(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"token\": \"tok-again\", \"expires_in\": 86400}", Encoding.UTF8, "application/json"),
        };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
