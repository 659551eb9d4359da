using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Numerics;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// The validation callback of the export connection, called as the TLS handshake calls it (the request being sent, the
/// server's certificate, the chain .NET built for it, the policy errors found), and the failure a refused handshake then
/// becomes: the exception's message and the warning name the certificate problem and what to do about it.
/// (The same over a real TLS connection is in the integration tests' HeraldTlsTests.)
/// </summary>
public sealed class CertificateCheckTests
{
    private static readonly Uri s_endpoint = new("https://herald.chime:4317/");

    private readonly CapturingLogger _log = new();

    [Fact]
    public void A_certificate_without_policy_errors_is_accepted_and_a_later_failure_is_the_handshake_own()
    {
        CertificateCheck check = Check();
        using X509Certificate2 certificate = SelfSigned("CN=herald.chime", SubjectAlternativeNames("herald.chime"));

        Assert.True(check.Validate(Request("https://herald.chime:4317/v1/traces"), certificate, null, SslPolicyErrors.None));

        CertificateRejectedException rejected = check.Rejected(HandshakeFailure());
        Assert.Equal("the TLS handshake failed: connection reset by peer", rejected.Problem);
        Assert.Equal("TLS connection refused: the TLS handshake failed: connection reset by peer", rejected.Message);
        Assert.Equal(HttpRequestError.SecureConnectionError, rejected.HttpRequestError);
    }

    [Fact]
    public void A_certificate_issued_to_other_names_is_refused_naming_its_dns_and_ip_names_and_the_host_of_the_request()
    {
        CertificateCheck check = Check();
        using X509Certificate2 certificate = SelfSigned("CN=Chime Herald", SubjectAlternativeNames("herald.chime", "herald-2.chime", "10.0.0.7"));

        // The request's host, not the endpoint's, is the one the certificate was checked against.
        Assert.False(check.Validate(Request("https://gateway.chime:8443/v1/logs"), certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch));

        string problem = "the certificate of gateway.chime (CN=Chime Herald) is refused: it is issued to 'herald.chime', 'herald-2.chime', '10.0.0.7', " +
            "not to 'gateway.chime': use a host name the certificate holds in the endpoint, or have the certificate issued for this one";
        CertificateRejectedException rejected = check.Rejected(HandshakeFailure());
        Assert.Equal(problem, rejected.Problem);
        Assert.Equal("TLS connection refused: " + problem, rejected.Message);
        Assert.Equal(
            $"The TLS connection to https://herald.chime:4317/ for traces failed: {problem}. A certificate problem is not an outage: each batch it stops is counted " +
            "as failed at once, not retried (1 since the last warning), and each new batch connects again, so a fixed certificate takes effect at once.",
            Assert.Single(_log.Warnings));
    }

    [Fact]
    public void A_certificate_without_alternative_names_is_named_by_its_common_name_and_the_endpoint_host_is_used_without_a_request()
    {
        CertificateCheck check = Check();
        using X509Certificate2 certificate = SelfSigned("CN=collector.chime");

        Assert.False(check.Validate(new object(), certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch));

        Assert.Equal(
            "the certificate of herald.chime (CN=collector.chime) is refused: it is issued to 'collector.chime', not to 'herald.chime': " +
            "use a host name the certificate holds in the endpoint, or have the certificate issued for this one",
            check.Rejected(HandshakeFailure()).Problem);
    }

    [Fact]
    public void An_expired_self_signed_certificate_says_when_it_expired_and_that_it_is_not_trusted()
    {
        CertificateCheck check = Check();
        using X509Certificate2 certificate = SelfSigned("CN=herald.chime", SubjectAlternativeNames("herald.chime"), DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-2));
        using X509Chain chain = Chain(certificate);

        Assert.False(check.Validate(Request("https://herald.chime:4317/v1/traces"), certificate, chain, SslPolicyErrors.RemoteCertificateChainErrors));

        string expired = certificate.NotAfter.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
        Assert.Equal(
            $"the certificate of herald.chime (CN=herald.chime) is refused: it expired on {expired}: the certificate must be renewed; " +
            "it is self-signed, and this machine does not trust it: trust it (or the authority that should sign it) on this machine",
            check.Rejected(HandshakeFailure()).Problem);
    }

    [Fact]
    public void A_self_signed_certificate_handed_over_as_a_plain_certificate_is_described_all_the_same()
    {
        CertificateCheck check = Check();
        using X509Certificate2 certificate = SelfSigned("CN=herald.chime", SubjectAlternativeNames("herald.chime"));
        using X509Chain chain = Chain(certificate);
        using X509Certificate plain = new(certificate);
        Assert.IsNotType<X509Certificate2>(plain);

        Assert.False(check.Validate(Request("https://herald.chime:4317/v1/traces"), plain, chain, SslPolicyErrors.RemoteCertificateChainErrors));

        Assert.Equal(
            "the certificate of herald.chime (CN=herald.chime) is refused: it is self-signed, and this machine does not trust it: " +
            "trust it (or the authority that should sign it) on this machine",
            check.Rejected(HandshakeFailure()).Problem);
    }

    [Fact]
    public void A_handshake_without_a_certificate_says_so()
    {
        CertificateCheck check = Check();

        Assert.False(check.Validate(Request("https://herald.chime:4317/v1/traces"), null, null, SslPolicyErrors.RemoteCertificateNotAvailable));

        Assert.Equal("herald.chime sent no certificate", check.Rejected(HandshakeFailure()).Problem);
    }

    [Fact]
    public void A_certificate_said_to_be_unavailable_is_described_as_missing_even_when_one_is_passed()
    {
        using X509Certificate2 certificate = SelfSigned("CN=herald.chime");

        Assert.Equal("herald.chime sent no certificate", CertificateCheck.Describe("herald.chime", certificate, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.Equal("herald.chime sent no certificate", CertificateCheck.Describe("herald.chime", null, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_chain_error_of_another_kind_is_named_as_the_platform_words_it()
    {
        using X509Certificate2 certificate = SelfSigned("CN=herald.chime", SubjectAlternativeNames("herald.chime"), usage: "1.3.6.1.5.5.7.3.2");
        using X509Chain chain = new();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication, which a client certificate lacks
        Assert.False(chain.Build(certificate));
        X509ChainStatus usage = Assert.Single(chain.ChainStatus, s => s.Status == X509ChainStatusFlags.NotValidForUsage);

        string text = CertificateCheck.Describe("herald.chime", certificate, chain, SslPolicyErrors.RemoteCertificateChainErrors);

        Assert.Contains("; its chain is not valid: " + usage.StatusInformation.Trim(), text, StringComparison.Ordinal);
        Assert.StartsWith("the certificate of herald.chime (CN=herald.chime) is refused: it is self-signed", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_certificate_says_it_must_be_replaced()
    {
        using ECDsa authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest authorityRequest = new("CN=Chime Revoking Authority", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false));
        using X509Certificate2 authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(100));

        // The revocation list is served where the certificate says, from a loopback listener.
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        byte[] serial = [0x0C, 0x4E, 0x11, (byte)Random.Shared.Next(1, 255)];

        using ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest leafRequest = new("CN=herald.chime", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([$"http://127.0.0.1:{port}/authority.crl"]));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using X509Certificate2 leaf = leafRequest.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);

        CertificateRevocationListBuilder revocations = new();
        revocations.AddEntry(serial, DateTimeOffset.UtcNow.AddHours(-1), X509RevocationReason.KeyCompromise);
        byte[] list = revocations.Build(authority, BigInteger.One, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256, thisUpdate: DateTimeOffset.UtcNow.AddHours(-1));
        Task serving = Serve(listener, list);

        using X509Chain chain = new();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.Online;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.EndCertificateOnly;
        Assert.False(chain.Build(leaf));
        listener.Stop();
        await serving;

        Assert.Equal(
            "the certificate of herald.chime (CN=herald.chime) is refused: it has been revoked: the certificate must be replaced",
            CertificateCheck.Describe("herald.chime", leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    // Answers each HTTP request with the revocation list, until the listener stops.
    private static async Task Serve(TcpListener listener, byte[] list)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (client)
            {
                NetworkStream stream = client.GetStream();
                byte[] buffer = new byte[4096];
                string request = "";
                while (!request.Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    int read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        break;
                    }

                    request += Encoding.ASCII.GetString(buffer, 0, read);
                }

                byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: {list.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head);
                await stream.WriteAsync(list);
            }
        }
    }

    [Fact]
    public void Chain_errors_without_a_chain_say_the_chain_is_not_valid()
    {
        using X509Certificate2 certificate = SelfSigned("CN=herald.chime");

        Assert.Equal(
            "the certificate of herald.chime (CN=herald.chime) is refused: its chain to a trusted authority is not valid",
            CertificateCheck.Describe("herald.chime", certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void The_warning_names_the_signal_and_comes_once_a_minute_while_each_failure_is_counted()
    {
        CertificateCheck check = new("logs", s_endpoint, new WarningLog(_log));
        using X509Certificate2 certificate = SelfSigned("CN=herald.chime");
        using X509Chain chain = Chain(certificate);
        check.Validate(Request("https://herald.chime:4317/v1/logs"), certificate, chain, SslPolicyErrors.RemoteCertificateChainErrors);

        check.Rejected(HandshakeFailure());
        check.Rejected(HandshakeFailure());

        Assert.Equal(2, check.Failures);
        Assert.StartsWith("The TLS connection to https://herald.chime:4317/ for logs failed: the certificate of herald.chime (CN=herald.chime) is refused: it is self-signed", Assert.Single(_log.Warnings), StringComparison.Ordinal);
    }

    private CertificateCheck Check() => new("traces", s_endpoint, new WarningLog(_log));

    private static HttpRequestMessage Request(string uri) => new(HttpMethod.Post, uri);

    // As the sockets handler reports a failed handshake: the TLS error inside an HttpRequestException.
    private static HttpRequestException HandshakeFailure() =>
        new(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.",
            new AuthenticationException("Authentication failed, see inner exception.", new IOException("connection reset by peer")));

    private static X509Chain Chain(X509Certificate2 certificate)
    {
        X509Chain chain = new();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.False(chain.Build(certificate));
        return chain;
    }

    private static X509Extension SubjectAlternativeNames(params string[] names)
    {
        SubjectAlternativeNameBuilder builder = new();
        foreach (string name in names)
        {
            if (IPAddress.TryParse(name, out IPAddress? address))
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(name);
            }
        }

        return builder.Build();
    }

    private static X509Certificate2 SelfSigned(string subject, X509Extension? names = null, DateTimeOffset? from = null, DateTimeOffset? to = null, string? usage = null)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new(subject, key, HashAlgorithmName.SHA256);
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        if (usage is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        }

        return request.CreateSelfSigned(from ?? DateTimeOffset.UtcNow.AddDays(-1), to ?? DateTimeOffset.UtcNow.AddDays(30));
    }
}
