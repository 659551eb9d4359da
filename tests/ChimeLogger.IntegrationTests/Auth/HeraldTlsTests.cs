using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChimeLogger.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.IntegrationTests.Auth;

/// <summary>
/// A herald (and collector) behind TLS with a certificate this machine refuses, made in the test and served by Kestrel
/// over HTTP/2: the warning names the certificate's problem (untrusted, another name, expired), and it is told apart from
/// an outage: the batches are failed at once, not kept for the retry window, and the herald is not taken for down.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HeraldTlsTests : TelemetryTest
{
    private readonly CapturedLogs _logs = new();

    public static TheoryData<string, string> Certificates => new()
    {
        { "self-signed", "it is self-signed, and this machine does not trust it: trust it (or the authority that should sign it) on this machine" },
        { "other-name", "it is issued to 'herald.other.example', not to 'localhost': use a host name the certificate holds in the endpoint, or have the certificate issued for this one" },
        { "expired", "it expired on {expiry}: the certificate must be renewed" },
    };

    [Theory]
    [MemberData(nameof(Certificates))]
    public async Task A_refused_certificate_is_named_and_its_batches_fail_at_once_rather_than_wait_for_retry(string kind, string problem)
    {
        using X509Certificate2 certificate = Certificate(kind, out DateTimeOffset expiry);
        await using FakeHerald herald = await FakeHerald.StartAsync(certificate);
        using ChimeTracer tracer = ChimeTelemetry.Setup(TestSetup.UniquePipeline("tls"), options =>
        {
            TestSetup.Isolate(options, Folder, herald.OtlpEndpoint, herald.OtlpEndpoint);
            options.ConfigureLoggerFactory = logging => logging.AddProvider(_logs);
            // The default retry: an outage would keep these batches for 120 s.
        });

        for (int i = 0; i < 5; i++)
        {
            tracer.Create("l1-search", $"beam-{i}", "n2_acquisition").Complete();
        }

        tracer.CreateLogger("CHIME.l1").LogInformation("searched");

        // Failed at once: nothing waits in the retry backlog, so the flush is complete well within the retry window.
        Assert.True(tracer.Flush(TimeSpan.FromSeconds(30)), tracer.ExportStatistics.ToString());
        ExportStatistics statistics = tracer.ExportStatistics;
        Assert.Equal(5, statistics.SpansFailed);
        Assert.Equal(0, statistics.SpansPending);
        Assert.Equal(0, statistics.SpansExported);
        Assert.True(statistics.LogRecordsFailed >= 1, statistics.ToString());
        Assert.Empty(herald.Exports);

        string expected = problem.Replace("{expiry}", expiry.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        string traces = Assert.Single(_logs.Entries, e => e.Contains($"The TLS connection to {herald.OtlpEndpoint} for traces failed:", StringComparison.Ordinal));
        Assert.Contains($"failed: the certificate of localhost ({certificate.Subject}) is refused: ", traces, StringComparison.Ordinal);
        Assert.Contains(expected, traces, StringComparison.Ordinal);
        Assert.Contains("A certificate problem is not an outage: each batch it stops is counted as failed at once, not retried", traces, StringComparison.Ordinal);
        Assert.StartsWith("Warning ChimeLogger:", traces, StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.Contains($"The TLS connection to {herald.OtlpEndpoint} for logs failed:", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));

        // Not an outage: no "held in memory and retried" warning, and the .NET wording is not what the user reads.
        Assert.DoesNotContain(_logs.Entries, e => e.Contains("retried for up to", StringComparison.Ordinal));
        Assert.DoesNotContain("could not be established", traces, StringComparison.Ordinal);

        // Each new batch connects again (the herald is not taken for down), and is refused the same way.
        tracer.Create("l1-search", "beam-after", "n2_acquisition").Complete();
        Assert.True(tracer.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(6, tracer.ExportStatistics.SpansFailed);
    }

    private static X509Certificate2 Certificate(string kind, out DateTimeOffset expiry)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string name = kind == "other-name" ? "herald.other.example" : "localhost";
        CertificateRequest request = new($"CN={name}", key, HashAlgorithmName.SHA256);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        (DateTimeOffset from, DateTimeOffset to) = kind == "expired" ? (now.AddDays(-30), now.AddDays(-2)) : (now.AddDays(-1), now.AddDays(30));

        // Whole seconds: what a certificate holds.
        to = new DateTimeOffset(to.Year, to.Month, to.Day, to.Hour, to.Minute, to.Second, TimeSpan.Zero);
        expiry = to;
        using X509Certificate2 created = request.CreateSelfSigned(from, to);

        // Kestrel needs the private key in a form it can hand to TLS: a PKCS#12 round trip gives one on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
