using System.Diagnostics;

namespace ChimeLogger.Tracing;

/// <summary>
/// The <see cref="ActivitySource"/> ChimeLogger's spans are started from; its name is the OTLP scope of the spans. Each
/// tracer that owns the process's telemetry has an instance of its own under this one name (listeners subscribe by
/// name, so they see them all), which is how a span leads back to the tracer that opened it (<see cref="SpanOpener.Of"/>).
/// </summary>
internal static class ChimeActivitySource
{
    public const string Name = "ChimeLogger";

    private static readonly string? s_version = typeof(ChimeActivitySource).Assembly.GetName().Version?.ToString(3);

    public static ActivitySource Create() => new(Name, s_version);

    /// <summary>Whether <paramref name="source"/> is one of ChimeLogger's (the name is the same string object, so this is a reference comparison).</summary>
    public static bool IsChimeLogger(ActivitySource source) => string.Equals(source.Name, Name, StringComparison.Ordinal);
}
