using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ChimeLogger.Diagnostics;

namespace ChimeLogger.Export;

/// <summary>
/// Checks the certificate of the herald (or the collector) exactly as .NET does by default (accepted only when
/// <see cref="SslPolicyErrors.None"/>), and remembers why one was refused. A failed TLS handshake then names the
/// certificate problem (an untrusted authority, another host name, expired) instead of "The SSL connection could not be
/// established, see inner exception", and is told apart from an outage: a certificate does not fix itself within a retry
/// window, so the batch is failed at once rather than retried (docs/reliability.md), and every new batch connects again.
/// </summary>
/// <param name="signal">The signal exported through this check (<c>traces</c>, <c>logs</c>), named in the warning.</param>
/// <param name="endpoint">Its endpoint.</param>
/// <param name="warnings">Where the warning goes.</param>
internal sealed class CertificateCheck(string signal, Uri endpoint, WarningLog warnings)
{
    private readonly WarningThrottle _failures = new(WarningThrottle.OncePerMinute);
    private volatile string? _lastRejection;

    /// <summary>Failed handshakes so far.</summary>
    public long Failures => _failures.Occurrences;

    /// <summary>The validation callback of the export connection: the default decision, with its reason kept.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // The sockets handler passes the request being sent.
        string host = (sender as HttpRequestMessage)?.RequestUri?.IdnHost ?? endpoint.IdnHost;
        _lastRejection = Describe(host, certificate as X509Certificate2 ?? (certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())), chain, errors);
        return false;
    }

    /// <summary>A failed TLS handshake, as the failure to report (warning at most once a minute, with the count since).</summary>
    public CertificateRejectedException Rejected(HttpRequestException failure)
    {
        string problem = _lastRejection ?? "the TLS handshake failed: " + Innermost(failure).Message;
        if (_failures.Occurred(1, out long since))
        {
            ChimeWarnings.CertificateRejected(warnings.Logger, endpoint.ToString(), signal, problem, since);
        }

        return new CertificateRejectedException(problem, failure);
    }

    /// <summary>
    /// What is wrong with a certificate, each problem with what to do about it, e.g. <c>the certificate of herald.example
    /// (CN=herald.example) expired on 2026-01-01 00:00:00Z: the herald's certificate must be renewed</c>.
    /// </summary>
    public static string Describe(string host, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return $"{host} sent no certificate";
        }

        List<string> problems = [];
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add($"it is issued to {string.Join(", ", Names(certificate).Select(static n => "'" + n + "'"))}, not to '{host}': " +
                "use a host name the certificate holds in the endpoint, or have the certificate issued for this one");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            X509ChainStatusFlags flags = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, static (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
            if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid))
            {
                DateTime now = DateTime.Now;
                problems.Add(certificate.NotAfter < now
                    ? $"it expired on {Utc(certificate.NotAfter)}: the certificate must be renewed"
                    : $"it is not valid before {Utc(certificate.NotBefore)}: check this machine's clock, or wait for the certificate to become valid");
            }

            if (flags.HasFlag(X509ChainStatusFlags.UntrustedRoot))
            {
                X509Certificate2 root = chain!.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate : certificate;
                problems.Add(root.Subject == certificate.Subject && root.Issuer == certificate.Subject
                    ? "it is self-signed, and this machine does not trust it: trust it (or the authority that should sign it) on this machine"
                    : $"it is signed by '{root.Subject}', an authority this machine does not trust: add that authority to the machine's trusted certificates");
            }

            if (flags.HasFlag(X509ChainStatusFlags.PartialChain))
            {
                problems.Add($"its issuer '{certificate.Issuer}' is not known here, so the chain to a trusted authority is incomplete: the server must send its intermediate certificates, or this machine must trust the issuer");
            }

            if (flags.HasFlag(X509ChainStatusFlags.Revoked))
            {
                problems.Add("it has been revoked: the certificate must be replaced");
            }

            X509ChainStatusFlags described = X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.Revoked;
            foreach (X509ChainStatus status in chain?.ChainStatus ?? [])
            {
                if ((status.Status & ~described) != X509ChainStatusFlags.NoError)
                {
                    problems.Add("its chain is not valid: " + status.StatusInformation.Trim());
                }
            }

            if (flags == X509ChainStatusFlags.NoError)
            {
                problems.Add("its chain to a trusted authority is not valid");
            }
        }

        return $"the certificate of {host} ({certificate.Subject}) is refused: " + string.Join("; ", problems.Distinct());
    }

    private static IEnumerable<string> Names(X509Certificate2 certificate)
    {
        List<string> names = [];
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension alternative)
            {
                names.AddRange(alternative.EnumerateDnsNames());
                names.AddRange(alternative.EnumerateIPAddresses().Select(static a => a.ToString()));
            }
        }

        return names.Count > 0 ? names : [certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)];
    }

    private static string Utc(DateTime local) => local.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);

    private static Exception Innermost(Exception exception)
    {
        Exception innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return innermost;
    }
}
