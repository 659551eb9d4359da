using System.Net;
using System.Net.Sockets;
using ChimeLogger.Configuration;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Tests;

/// <summary>
/// What setup tells the user once logging exists: a herald token or credential that would cross the network in
/// plaintext. A loopback address, named or as an IPv4 or IPv6 literal, stays on the host and is not warned about.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class StartupWarningTests
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
            options.AuthHttpHandler = new TokenEndpoint();
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
        options.LogsEndpoint = $"127.0.0.1:{ClosedPort()}";
        options.AuthEndpoint = auth;
        options.Credential = credential;
        options.AuthHttpHandler = new TokenEndpoint();
    });

    private static int ClosedPort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static string[] Messages(TelemetryHarness harness) =>
        [.. harness.Logs.Where(log => log.LogLevel == LogLevel.Warning).Select(log => log.FormattedMessage ?? "")];

    /// <summary>The herald's token endpoint, issuing a token valid for a day.</summary>
    private sealed class TokenEndpoint : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => new(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"token\": \"tok-startup\", \"expires_in\": 86400}", Encoding.UTF8, "application/json"),
        };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
