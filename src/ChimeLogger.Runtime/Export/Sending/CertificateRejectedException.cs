namespace ChimeLogger.Export;

/// <summary>
/// A TLS handshake with the herald or the collector failed (the certificate was refused, <see cref="Problem"/> says
/// why): not an outage, so the batch is failed at once rather than kept for retry.
/// </summary>
internal sealed class CertificateRejectedException(string problem, HttpRequestException failure)
    : HttpRequestException(HttpRequestError.SecureConnectionError, "TLS connection refused: " + problem, failure, failure.StatusCode)
{
    public string Problem { get; } = problem;
}
