using ChimeLogger.Composition;
using ChimeLogger.Configuration;
using ChimeLogger.Lifetime;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace ChimeLogger;

/// <summary>
/// The process-wide entry point returned by <see cref="ChimeTelemetry.Setup"/>: opens HelixObs spans
/// (<see cref="Create(string, string?, string?, IEnumerable{string}?)"/>, <see cref="Operate"/>,
/// <see cref="ChildSpan"/>) and hands out loggers whose records carry the CHIME context.
/// </summary>
/// <remarks>
/// Every method is thread-safe and never throws for bad telemetry input: a problem is reported as a
/// warning on the <c>ChimeLogger</c> logger and the pipeline goes on. Disposing flushes what is queued
/// (within <see cref="ChimeLoggerOptions.ShutdownTimeout"/>) and shuts the exporters down.
/// </remarks>
// A façade: spans are opened by the span opener (Tracing/SpanOpener.cs), the end is the lifetime's
// (Lifetime/TracerLifetime.cs); both come from the one set-up this tracer and its handles share (docs/architecture.md).
public sealed class ChimeTracer : IDisposable
{
    private readonly TracerSetup _setup;

    internal ChimeTracer(TracerSetup setup, bool isOwner = true)
    {
        _setup = setup;
        IsOwner = isOwner;
    }

    /// <summary>The pipeline name stamped on spans and logs (<c>unknown_pipeline</c> when none was configured).</summary>
    public string Pipeline => _setup.Settings.PipelineOrUnknown;

    /// <summary>The site stamped on spans and logs (<c>unknown_site</c> when none was configured).</summary>
    public string Site => _setup.Settings.SiteOrUnknown;

    /// <summary>The instrument id (<c>helix.instrument.id</c>).</summary>
    public string InstrumentId => _setup.Settings.InstrumentId;

    /// <summary>The process label (<c>helix.process.name</c>).</summary>
    public string ProcessName => _setup.Settings.ProcessName;

    /// <summary>The OTLP <c>service.name</c>.</summary>
    public string ServiceName => _setup.Settings.ServiceName;

    /// <summary>The OTLP/gRPC address traces are exported to.</summary>
    public Uri HeraldEndpoint => _setup.Settings.HeraldEndpoint;

    /// <summary>The OTLP/gRPC address logs are exported to.</summary>
    public Uri LogsEndpoint => _setup.Settings.LogsEndpoint;

    /// <summary>
    /// The time the herald is given to write an export's creations before what refers to them is sent
    /// (<see cref="ChimeLoggerOptions.ExportCreationPause"/>); <see cref="TimeSpan.Zero"/> when batches are sent as they come.
    /// </summary>
    public TimeSpan ExportCreationPause => _setup.Settings.ExportCreationPause;

    /// <summary>The path of the rotating file log, or <see langword="null"/> when it is disabled.</summary>
    public string? FileLogPath => _setup.Settings.Options.FileLogEnabled ? _setup.Settings.FileLogPath : null;

    /// <summary>The logger factory behind <see cref="CreateLogger(string)"/>: every logger it creates is enriched.</summary>
    public ILoggerFactory LoggerFactory => _setup.LoggerFactory;

    /// <summary>
    /// What happened to the spans and log records exported over OTLP so far: ended, exported, dropped because the
    /// export queue (<see cref="ChimeLoggerOptions.ExportQueueSize"/>) was full, failed after retries. All zero when
    /// OTLP export is off. A warning is logged at <see cref="Dispose"/> when anything was dropped or failed.
    /// </summary>
    public ExportStatistics ExportStatistics => _setup.Lifetime.ExportStatistics;

    /// <summary>
    /// Whether this is the tracer that owns the process's telemetry, the one the first <see cref="ChimeTelemetry.Setup"/>
    /// (or the host) created. A later <see cref="ChimeTelemetry.Setup"/> returns a handle on it that is not the owner:
    /// disposing such a handle does nothing, and it stops recording once the owner is disposed.
    /// </summary>
    public bool IsOwner { get; }

    /// <summary>
    /// Whether spans started now could be recorded: the tracer is not disposed, <see cref="ChimeLoggerOptions.Sampler"/> is
    /// not an <see cref="AlwaysOffSampler"/>, and something listens to the ChimeLogger source. When <see langword="false"/>,
    /// every span method returns <see cref="HelixToken.None"/> at once; generated code checks it first so that it computes
    /// no resource name, parents or attributes for a span that would not be started.
    /// </summary>
    public bool IsListening => _setup.Spans.IsListening;

    internal ChimeSettings Settings => _setup.Settings;

    /// <summary>How spans are opened, and what their tokens need afterwards.</summary>
    internal SpanOpener Spans => _setup.Spans;

    /// <summary>How the telemetry ends (shared with the owner, on a handle).</summary>
    internal TracerLifetime Lifetime => _setup.Lifetime;

    /// <summary>The trace pipeline, for tests and diagnostics.</summary>
    internal TracerProvider? TracerProvider => _setup.Lifetime.TracerProvider;

    internal bool IsDisposed => _setup.Lifetime.HasEnded;

    /// <summary>A handle on this tracer for a later <see cref="ChimeTelemetry.Setup"/>: disposing it leaves this tracer running.</summary>
    internal ChimeTracer Borrow() => new(_setup, isOwner: false);

    /// <summary>Creates a logger for <paramref name="categoryName"/>; <c>CHIME</c> and <c>CHIME.*</c> also go to the file log.</summary>
    /// <param name="categoryName">The logger category.</param>
    /// <returns>An enriched logger.</returns>
    public ILogger CreateLogger(string categoryName) => LoggerFactory.CreateLogger(categoryName);

    /// <summary>Creates a logger whose category is the full name of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type whose name is the category.</typeparam>
    /// <returns>An enriched logger.</returns>
    public ILogger<T> CreateLogger<T>() => LoggerFactory.CreateLogger<T>();

    /// <summary>
    /// Opens the span of a pipeline stage creating the entity <paramref name="resourceName"/>. It joins the
    /// current trace, carries <c>helix.parent.ids</c> and links to the parents created earlier in this process.
    /// </summary>
    /// <param name="stage">The stage name, used as the span name (for example <c>"l1-search"</c>).</param>
    /// <param name="resourceName">The resource name: the id of the entity the stage creates (<c>helix.entity.id</c> on the wire).</param>
    /// <param name="resourceType">The resource type (<c>chime.resource_type</c>).</param>
    /// <param name="parents">The resource names of the parent entities. Names containing a comma are left out with a warning (the herald splits on commas).</param>
    /// <returns>The token of the span; dispose it (or call <see cref="HelixToken.Complete"/>) to end the span.</returns>
    /// <remarks>
    /// A <see langword="null"/> fourth argument, <c>Create(stage, id, type, null)</c> as in the Python API, means no parents:
    /// this overload is preferred over the single-parent one, which would mean the same.
    /// </remarks>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public HelixToken Create(string stage, string? resourceName, string? resourceType = null, IEnumerable<string>? parents = null) =>
        _setup.Spans.Create(stage, resourceName, resourceType, parents);

    /// <summary>Opens the span of a stage creating <paramref name="resourceName"/> from a single parent.</summary>
    /// <param name="stage">The stage name.</param>
    /// <param name="resourceName">The resource name of the entity created (<c>helix.entity.id</c> on the wire).</param>
    /// <param name="resourceType">The resource type.</param>
    /// <param name="parent">The resource name of the parent entity, or <see langword="null"/> for none.</param>
    /// <returns>The token of the span.</returns>
    public HelixToken Create(string stage, string? resourceName, string? resourceType, string? parent) =>
        _setup.Spans.Create(stage, resourceName, resourceType, parent);

    /// <summary>
    /// Opens the span of an operation on the entity <paramref name="resourceName"/>. Every operation is a new
    /// root trace (the herald de-duplicates operations by trace id); the caller's current span is current
    /// again once the operation ends.
    /// </summary>
    /// <param name="operation">The operation name, used as the span name (for example <c>"register"</c>).</param>
    /// <param name="resourceName">The resource name of the entity operated on (<c>helix.entity.id</c> on the wire), or <see langword="null"/> to set it later with <see cref="HelixToken.SetEntityId"/>.</param>
    /// <param name="resourceType">The resource type (<c>chime.resource_type</c>).</param>
    /// <returns>The token of the span.</returns>
    public HelixToken Operate(string operation, string? resourceName = null, string? resourceType = null) =>
        _setup.Spans.Operate(operation, resourceName, resourceType);

    /// <summary>
    /// Opens a child span of the current span for an internal step. It carries <c>helix.log.entity_id</c>
    /// (the enclosing entity) and never <c>helix.entity.id</c>, so the herald creates no entity for it.
    /// </summary>
    /// <param name="name">The span name (for example <c>"catalog-lookup"</c>).</param>
    /// <returns>The token of the span.</returns>
    public HelixToken ChildSpan(string name) => _setup.Spans.ChildSpan(name);

    /// <summary>
    /// Exports what has ended so far, waiting at most <paramref name="timeout"/>: the queued spans and log records, the
    /// export in progress and the batches held for retry. Telemetry that ends during the flush is not waited for.
    /// </summary>
    /// <param name="timeout">The longest wait; defaults to <see cref="ChimeLoggerOptions.ShutdownTimeout"/>.</param>
    /// <returns>
    /// <see langword="true"/> when everything that had ended was delivered in time (a batch stored on disk for retry
    /// still counts as waiting);
    /// <see langword="false"/> when something is still waiting, for example for a herald that does not answer.
    /// </returns>
    public bool Flush(TimeSpan? timeout = null) =>
        _setup.Lifetime.Flush((int)Math.Clamp((timeout ?? _setup.Settings.Options.ShutdownTimeout).TotalMilliseconds, 0, int.MaxValue));

    /// <summary>
    /// On the owner (<see cref="IsOwner"/>): flushes queued telemetry within <see cref="ChimeLoggerOptions.ShutdownTimeout"/>,
    /// shuts the exporters down and clears the process singleton, so that <see cref="ChimeTelemetry.Setup"/> may start
    /// afresh. On a handle returned by a later <see cref="ChimeTelemetry.Setup"/>: nothing, telemetry goes on for the owner.
    /// </summary>
    public void Dispose()
    {
        if (IsOwner)
        {
            _setup.Lifetime.End();
        }
    }
}
