using System.Diagnostics;

namespace ChimeLogger.Tracing;

/// <summary>The <see cref="ActivitySource"/> every ChimeLogger span is started from; its name is the OTLP scope of the spans.</summary>
internal static class ChimeActivitySource
{
    public const string Name = "ChimeLogger";

    public static ActivitySource Instance { get; } = new(Name, typeof(ChimeActivitySource).Assembly.GetName().Version?.ToString(3));
}
