using System.Net.Http.Headers;
using System.Net.Sockets;

namespace ChimeLogger.Export;

/// <summary>
/// What the answer to an export request says: accepted, a fault worth another attempt (the herald away, slow or
/// restarting), or a final refusal. Read by the handler under the exporter and by the retry backlog's own sends alike.
/// </summary>
internal static class ExportAnswers
{
    /// <summary>Whether a failure is one that a later attempt may not meet (the herald away, slow or restarting).</summary>
    // A refused certificate is not transient: it does not fix itself within the retry window (CertificateCheck).
    public static bool IsTransient(Exception ex) =>
        ex is not CertificateRejectedException
        && ex is HttpRequestException or OperationCanceledException or TimeoutException or IOException or SocketException;

    /// <summary>The transient status of an answer (a status worth retrying), or <see langword="null"/>.</summary>
    public static string? TransientStatus(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            int code = (int)response.StatusCode;
            // Proxies and load balancers in front of a restarting herald answer these.
            return code is 408 or 429 or 502 or 503 or 504 ? $"HTTP {code}" : null;
        }

        string? status = GrpcStatus(response);
        // CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS: the
        // codes the OTLP specification lists as retryable.
        return status is "1" or "4" or "8" or "10" or "11" or "14" or "15" ? $"gRPC status {status}" : null;
    }

    /// <summary>Whether an answer is the herald's success: HTTP 200 with no gRPC status or status 0.</summary>
    public static bool IsAccepted(HttpResponseMessage response) =>
        response.IsSuccessStatusCode && GrpcStatus(response) is null or "0";

    // A gRPC error without a message is sent trailers-only (the status in the response headers), others in the trailers.
    private static string? GrpcStatus(HttpResponseMessage response) => Status(response.TrailingHeaders) ?? Status(response.Headers);

    private static string? Status(HttpHeaders headers) =>
        headers.TryGetValues("grpc-status", out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
