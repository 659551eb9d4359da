using System.Net.Sockets;
using System.Text;
using ChimeLogger.Configuration;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests.Composition;

/// <summary>
/// What set-up tells the user once logging exists: a herald token or credential that would cross the network in
/// plaintext (a loopback address, named or as an IPv4 or IPv6 literal, stays on the host and is not warned about), and a
/// missing pipeline name, said once when telemetry leaves the process, naming the option and the environment variable.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class StartupWarningTests : IDisposable
{
    [Fact]
    public void A_token_and_a_credential_sent_in_plaintext_across_the_network_are_each_warned_about()
    {
        using TelemetryHarness harness = WithCredential(herald: "http://herald.example:4317", auth: "http://auth.example:8080/auth/token");

        string[] warnings = Messages(harness);

        Assert.Contains("Herald tokens are sent in plaintext to http://herald.example:4317/: set HERALD_INSECURE=false or use an https:// endpoint outside this host.", warnings);
        Assert.Contains("The herald credential is sent in plaintext to http://auth.example:8080/auth/token: use an https:// HERALD_AUTH_ENDPOINT outside this host.", warnings);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4317", "http://127.0.0.1:8080/auth/token")]
    [InlineData("http://localhost:4317", "http://localhost:8080/auth/token")]
    [InlineData("http://[::1]:4317", "http://[::1]:8080/auth/token")]
    [InlineData("https://herald.example:4317", "https://auth.example:8080/auth/token")]
    public void A_loopback_or_tls_herald_is_not_warned_about(string herald, string auth)
    {
        using TelemetryHarness harness = WithCredential(herald, auth);

        Assert.DoesNotContain(Messages(harness), m => m.Contains("plaintext", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_plaintext_leg_is_warned_about()
    {
        using (TelemetryHarness tlsHerald = WithCredential(herald: "https://herald.example:4317", auth: "http://auth.example:8080/auth/token"))
        {
            string warning = Assert.Single(Messages(tlsHerald), m => m.Contains("plaintext", StringComparison.Ordinal));
            Assert.StartsWith("The herald credential is sent in plaintext", warning, StringComparison.Ordinal);
        }

        using TelemetryHarness tlsAuth = WithCredential(herald: "http://herald.example:4317", auth: "https://auth.example:8080/auth/token");
        string tokenWarning = Assert.Single(Messages(tlsAuth), m => m.Contains("plaintext", StringComparison.Ordinal));
        Assert.StartsWith("Herald tokens are sent in plaintext", tokenWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void With_export_off_no_credential_is_exchanged_and_nothing_is_warned_about()
    {
        using TelemetryHarness harness = new(configure: options =>
        {
            options.HeraldEndpoint = "http://herald.example:4317";
            options.AuthEndpoint = "http://auth.example:8080/auth/token";
            options.Credential = "s3cret-startup";
            options.AuthHttpHandler = new TokenEndpoint("tok-startup");
        });

        Assert.DoesNotContain(Messages(harness), m => m.Contains("plaintext", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_credential_nothing_is_sent_and_nothing_is_warned_about()
    {
        using TelemetryHarness harness = WithCredential(herald: "http://herald.example:4317", auth: "http://auth.example:8080/auth/token", credential: null);

        Assert.DoesNotContain(Messages(harness), m => m.Contains("plaintext", StringComparison.Ordinal));
    }

    // The credential is exchanged only with OTLP export on. No span ends, so nothing is sent to the herald; the
    // warnings themselves go to a collector port nobody listens on, and to the test's in-memory exporter.
    private static TelemetryHarness WithCredential(string herald, string auth, string? credential = "s3cret-startup") => new(configure: options =>
    {
        options.OtlpExportEnabled = true;
        options.ExportRetry = ExportRetryMode.None;
        options.ShutdownTimeout = TimeSpan.FromSeconds(2);
        options.HeraldEndpoint = herald;
        options.LogsEndpoint = $"127.0.0.1:{Ports.Closed()}";
        options.AuthEndpoint = auth;
        options.Credential = credential;
        options.AuthHttpHandler = new TokenEndpoint("tok-startup");
    });

    private static string[] Messages(TelemetryHarness harness) =>
        [.. harness.Logs.Where(log => log.LogLevel == LogLevel.Warning).Select(log => log.FormattedMessage ?? "")];

    private const string Expected =
        "No pipeline name is set, so every span and log record says pipeline 'unknown_pipeline'. Name the pipeline: " +
        "ChimeTelemetry.Setup(pipeline: \"...\"), ChimeLoggerOptions.Pipeline (the 'ChimeLogger:Pipeline' setting of a hosted app), " +
        "or the CHIME_LOGGER_PIPELINE_NAME environment variable.";

    private readonly string _directory = Directory.CreateTempSubdirectory("chime-pipeline-warning-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_setup_without_a_pipeline_warns_once_in_the_file_log_and_the_log_export()
    {
        string fileLog = Path.Combine(_directory, "chime_pipeline.log");
        List<string> warnings;
        using (TelemetryHarness harness = new(pipeline: null, configure: options =>
        {
            options.FileLogEnabled = true;
            options.FileLogPath = fileLog;
        }))
        {
            ILogger log = harness.Tracer.CreateLogger("CHIME.l1");
            for (int i = 0; i < 3; i++)
            {
                using (harness.Tracer.Operate("classify", $"evt-{i}", "event"))
                {
                    log.LogInformation("classified");
                }
            }

            // A later Setup is a handle on the same tracer: it does not say it again.
            using ChimeTracer handle = ChimeTelemetry.Setup(configure: options => options.EnvironmentReader = static _ => null);
            harness.Tracer.Flush();
            warnings = [.. harness.Logs.Where(static r => r.EventId.Id == 16).Select(static r => r.FormattedMessage ?? "")];
            Assert.All(harness.Logs.Where(static r => r.CategoryName == "CHIME.l1"), static r => Assert.Contains(r.Attributes!, static a => a.Key == "pipeline" && (string?)a.Value == "unknown_pipeline"));
        }

        Assert.Equal([Expected], warnings);
        Assert.Single(File.ReadAllLines(fileLog), static line => line.Contains(" WARNING ChimeLogger ", StringComparison.Ordinal) && line.EndsWith(Expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("frb-l1", null)]
    [InlineData(null, "frb-l1")]
    public void A_pipeline_from_setup_or_the_environment_is_not_warned_about(string? pipeline, string? environment)
    {
        using TelemetryHarness harness = new(
            pipeline: pipeline,
            configure: options =>
            {
                options.FileLogEnabled = true;
                options.FileLogPath = Path.Combine(_directory, "chime_pipeline.log");
            },
            environment: environment is null ? null : new Dictionary<string, string> { ["CHIME_LOGGER_PIPELINE_NAME"] = environment });

        harness.Tracer.Flush();
        Assert.Equal("frb-l1", harness.Tracer.Pipeline);
        Assert.DoesNotContain(harness.Logs, static r => r.EventId.Id == 16);
    }

    [Fact]
    public void A_setup_kept_in_memory_is_not_warned_about()
    {
        // No export and no file log (as TestHerald sets ChimeLogger up): nothing leaves the process to be labelled.
        using TelemetryHarness harness = new(pipeline: null);

        harness.Tracer.CreateLogger("CHIME.l1").LogInformation("in memory");
        harness.Tracer.Flush();
        Assert.DoesNotContain(harness.Logs, static r => r.EventId.Id == 16);
    }
}
