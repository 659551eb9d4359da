using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// How a refused herald certificate is described, from the chain .NET built for it: each problem with what to do about
/// it. (The end-to-end refusals over a real TLS connection are in the integration tests' HeraldTlsTests.)
/// </summary>
public sealed class CertificateProblemTests
{
    [Fact]
    public void A_certificate_signed_by_an_authority_this_machine_does_not_trust_names_that_authority()
    {
        using X509Certificate2 authority = Authority("CN=Chime Test Authority");
        using X509Certificate2 leaf = Leaf(authority, "herald.chime", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using X509Chain chain = Chain(leaf, authority);

        Assert.Equal(
            "the certificate of herald.chime (CN=herald.chime) is refused: it is signed by 'CN=Chime Test Authority', an authority this machine " +
            "does not trust: add that authority to the machine's trusted certificates",
            CertificateCheck.Describe("herald.chime", leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_certificate_whose_issuer_is_unknown_says_the_chain_is_incomplete()
    {
        using X509Certificate2 authority = Authority("CN=Chime Intermediate");
        using X509Certificate2 leaf = Leaf(authority, "herald.chime", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using X509Chain chain = Chain(leaf, extra: null);

        Assert.Equal(
            "the certificate of herald.chime (CN=herald.chime) is refused: its issuer 'CN=Chime Intermediate' is not known here, so the chain to a " +
            "trusted authority is incomplete: the server must send its intermediate certificates, or this machine must trust the issuer",
            CertificateCheck.Describe("herald.chime", leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_certificate_not_valid_yet_points_at_the_clock()
    {
        using X509Certificate2 authority = Authority("CN=Chime Test Authority");
        DateTimeOffset from = DateTimeOffset.UtcNow.AddDays(2);
        using X509Certificate2 leaf = Leaf(authority, "herald.chime", from, from.AddDays(30));
        using X509Chain chain = Chain(leaf, authority);

        string text = CertificateCheck.Describe("herald.chime", leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors);

        Assert.Contains(
            $"it is not valid before {leaf.NotBefore.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)}: check this machine's clock, or wait for the certificate to become valid",
            text,
            StringComparison.Ordinal);
        Assert.DoesNotContain("expired", text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_certificate_at_all_is_said_as_such()
    {
        Assert.Equal("herald.chime sent no certificate", CertificateCheck.Describe("herald.chime", null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    private static X509Chain Chain(X509Certificate2 leaf, X509Certificate2? extra)
    {
        X509Chain chain = new();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (extra is not null)
        {
            chain.ChainPolicy.ExtraStore.Add(extra);
        }

        Assert.False(chain.Build(leaf));
        return chain;
    }

    private static X509Certificate2 Authority(string subject)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(100));
    }

    private static X509Certificate2 Leaf(X509Certificate2 authority, string name, DateTimeOffset from, DateTimeOffset to)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new($"CN={name}", key, HashAlgorithmName.SHA256);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        return request.Create(authority, from, to, [1, 2, 3, 4]);
    }
}
