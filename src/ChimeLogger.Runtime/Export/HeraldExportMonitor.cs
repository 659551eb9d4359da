using ChimeLogger.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChimeLogger.Export;

/// <summary>
/// Watches the herald's answers to trace exports. <c>Unauthenticated</c> (gRPC status 16: the token is missing,
/// malformed or refused, docs/helix-contract.md §3) is not retried by the exporter and would otherwise only show as failed
/// spans, so it is logged as a warning: the first time, then at most once a minute with the count since.
/// The warning never quotes the token.
/// </summary>
internal sealed class HeraldExportMonitor(Uri endpoint)
{
    public const string UnauthenticatedStatus = "16";
    private static readonly long s_interval = TimeSpan.FromMinutes(1).Ticks;

    private long _unauthenticated;
    private long _reported;
    private long _lastWarning = long.MinValue;

    /// <summary>Where the warnings go; set once logging is built.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>How many trace exports the herald answered with <c>Unauthenticated</c>.</summary>
    public long UnauthenticatedCount => Interlocked.Read(ref _unauthenticated);

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

        long count = Interlocked.Increment(ref _unauthenticated);
        long now = Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
        long last = Interlocked.Read(ref _lastWarning);
        if ((last == long.MinValue || now - last >= s_interval) && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            long since = count - Interlocked.Exchange(ref _reported, count);
            ChimeWarnings.Unauthenticated(Logger, endpoint.ToString(), since);
        }

        return true;
    }

    private static bool HasUnauthenticatedStatus(System.Net.Http.Headers.HttpHeaders headers) =>
        headers.TryGetValues("grpc-status", out IEnumerable<string>? values) && values.Contains(UnauthenticatedStatus, StringComparer.Ordinal);

}
