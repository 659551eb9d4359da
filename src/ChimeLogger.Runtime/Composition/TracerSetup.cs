using ChimeLogger.Configuration;
using ChimeLogger.Lifetime;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Composition;

/// <summary>
/// What one set-up built, as the <see cref="ChimeTracer"/> façade uses it: shared by the tracer that owns it and by every
/// handle a later <see cref="ChimeTelemetry.Setup"/> returns (a handle is this object and a flag, nothing copied).
/// </summary>
/// <param name="Settings">The resolved settings.</param>
/// <param name="LoggerFactory">The factory of the tracer's loggers: ChimeLogger's own, or the host's in a hosted app.</param>
/// <param name="Spans">How spans are opened.</param>
/// <param name="Lifetime">How the telemetry ends: flush, shutdown, the process's end, the loss report.</param>
internal sealed record TracerSetup(ChimeSettings Settings, ILoggerFactory LoggerFactory, SpanOpener Spans, TracerLifetime Lifetime);
