using ChimeLogger.Diagnostics;

namespace ChimeLogger.Export;

/// <summary>
/// Watches the herald's answers to trace exports. <c>Unauthenticated</c> (gRPC status 16: the token is missing,
/// malformed or refused, docs/helix-contract.md §3) is not retried by the exporter and would otherwise only show as failed
/// spans, so it is logged as a warning: the first time, then at most once a minute with the count since.
/// The warning never quotes the token.
/// </summary>
/// <param name="endpoint">The herald's address, named in the warning.</param>
/// <param name="time">The clock of the once-a-minute limit (<see cref="ChimeLoggerOptions.TimeProvider"/>).</param>
/// <param name="warnings">Where the warning goes.</param>
internal sealed class HeraldExportMonitor(Uri endpoint, TimeProvider time, WarningLog warnings)
{
    public const string UnauthenticatedStatus = "16";

    private readonly WarningThrottle _unauthenticated = new(WarningThrottle.OncePerMinute, time);

    /// <summary>How many trace exports the herald answered with <c>Unauthenticated</c>.</summary>
    public long UnauthenticatedCount => _unauthenticated.Occurrences;

    /// <summary>Whether the herald answered an export with <c>Unauthenticated</c>.</summary>
    public static bool IsUnauthenticated(HttpResponseMessage response) =>
        // A gRPC error without a message is sent trailers-only (the status in the response headers), others in the trailers.
        HasUnauthenticatedStatus(response.Headers) || HasUnauthenticatedStatus(response.TrailingHeaders);

    /// <summary>Looks at an export answer, counting and warning about <c>Unauthenticated</c>; returns whether it was that.</summary>
    public bool Inspect(HttpResponseMessage response)
    {
        if (!IsUnauthenticated(response))
        {
            return false;
        }

        if (_unauthenticated.Occurred(1, out long since))
        {
            ChimeWarnings.Unauthenticated(warnings.Logger, endpoint.ToString(), since);
        }

        return true;
    }

    private static bool HasUnauthenticatedStatus(System.Net.Http.Headers.HttpHeaders headers) =>
        headers.TryGetValues("grpc-status", out IEnumerable<string>? values) && values.Contains(UnauthenticatedStatus, StringComparer.Ordinal);
}
