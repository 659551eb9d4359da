using System.Diagnostics;
using ChimeLogger.Configuration;
using ChimeLogger.Diagnostics;
using ChimeLogger.Lifetime;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
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
public sealed class ChimeTracer : IDisposable
{
    private readonly ChimeSettings _settings;
    private readonly IDisposable? _ownedServices;
    private readonly TracerProvider? _tracerProvider;
    private readonly LoggerProvider? _loggerProvider;
    private readonly IDisposable? _ownedAuth;
    private readonly Export.ExportCounters? _exportCounters;

    // The tracer that owns the exporters: this one, or for a handle returned by a later Setup, the first one.
    private readonly ChimeTracer _owner;

    // How the owner's telemetry ends (exit, crash, signal, host stop); null on a handle.
    private readonly TracerLifetime? _lifetime;
    private int _disposed;

    // ChimeLoggerOptions.Sampler, asked before an Activity is started; null when none is set.
    private readonly Sampler? _sampler;

    // An always-off sampler: no span is ever started, so IsListening says so and generated code takes the fast path.
    private readonly bool _neverSamples;

    internal ChimeTracer(
        ChimeSettings settings,
        ILoggerFactory loggerFactory,
        TracerProvider? tracerProvider,
        LoggerProvider? loggerProvider,
        IDisposable? ownedServices,
        IDisposable? ownedAuth,
        Export.ExportCounters? exportCounters = null,
        TracerLifetime? lifetime = null)
    {
        _settings = settings;
        LoggerFactory = loggerFactory;
        _tracerProvider = tracerProvider;
        _loggerProvider = loggerProvider;
        _ownedServices = ownedServices;
        _ownedAuth = ownedAuth;
        _exportCounters = exportCounters;
        Pipeline = settings.PipelineOrUnknown;
        Site = settings.SiteOrUnknown;
        InstrumentId = settings.InstrumentId;
        ProcessName = settings.ProcessName;
        ServiceName = settings.ServiceName;
        State = new TracerState(new SpanWarnings(loggerFactory.CreateLogger(ChimeWarnings.Category)), new ParentStore());
        _sampler = settings.Options.Sampler;
        _neverSamples = _sampler is AlwaysOffSampler;
        _owner = this;
        _lifetime = lifetime ?? new TracerLifetime(settings);
        _lifetime.Attach(this);
    }

    // A handle on the process tracer for a later Setup: it shares everything and owns nothing.
    private ChimeTracer(ChimeTracer owner)
    {
        _owner = owner;
        _settings = owner._settings;
        LoggerFactory = owner.LoggerFactory;
        _tracerProvider = owner._tracerProvider;
        _loggerProvider = owner._loggerProvider;
        _exportCounters = owner._exportCounters;
        Pipeline = owner.Pipeline;
        Site = owner.Site;
        InstrumentId = owner.InstrumentId;
        ProcessName = owner.ProcessName;
        ServiceName = owner.ServiceName;
        State = owner.State;
        _sampler = owner._sampler;
        _neverSamples = owner._neverSamples;
    }

    /// <summary>The pipeline name stamped on spans and logs (<c>unknown_pipeline</c> when none was configured).</summary>
    public string Pipeline { get; }

    /// <summary>The site stamped on spans and logs (<c>unknown_site</c> when none was configured).</summary>
    public string Site { get; }

    /// <summary>The instrument id (<c>helix.instrument.id</c>).</summary>
    public string InstrumentId { get; }

    /// <summary>The process label (<c>helix.process.name</c>).</summary>
    public string ProcessName { get; }

    /// <summary>The OTLP <c>service.name</c>.</summary>
    public string ServiceName { get; }

    /// <summary>The OTLP/gRPC address traces are exported to.</summary>
    public Uri HeraldEndpoint => _settings.HeraldEndpoint;

    /// <summary>The OTLP/gRPC address logs are exported to.</summary>
    public Uri LogsEndpoint => _settings.LogsEndpoint;

    /// <summary>
    /// The time the herald is given to write an export's creations before what refers to them is sent
    /// (<see cref="ChimeLoggerOptions.ExportCreationPause"/>); <see cref="TimeSpan.Zero"/> when batches are sent as they come.
    /// </summary>
    public TimeSpan ExportCreationPause => _settings.ExportCreationPause;

    /// <summary>The path of the rotating file log, or <see langword="null"/> when it is disabled.</summary>
    public string? FileLogPath => _settings.Options.FileLogEnabled ? _settings.FileLogPath : null;

    /// <summary>The logger factory behind <see cref="CreateLogger(string)"/>: every logger it creates is enriched.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// What happened to the spans and log records exported over OTLP so far: ended, exported, dropped because the
    /// export queue (<see cref="ChimeLoggerOptions.ExportQueueSize"/>) was full, failed after retries. All zero when
    /// OTLP export is off. A warning is logged at <see cref="Dispose"/> when anything was dropped or failed.
    /// </summary>
    public ExportStatistics ExportStatistics => _exportCounters?.Snapshot() ?? new ExportStatistics();

    /// <summary>What this tracer shares with the spans it opens (and, for a handle, with its owner).</summary>
    internal TracerState State { get; }

    internal ParentStore Parents => State.Parents;

    private SpanWarnings Warnings => State.Warnings;

    internal ChimeSettings Settings => _settings;

    /// <summary>How the owner's telemetry ends; <see langword="null"/> on a handle.</summary>
    internal TracerLifetime? Lifetime => _lifetime;

    /// <summary>
    /// Whether this is the tracer that owns the process's telemetry, the one the first <see cref="ChimeTelemetry.Setup"/>
    /// (or the host) created. A later <see cref="ChimeTelemetry.Setup"/> returns a handle on it that is not the owner:
    /// disposing such a handle does nothing, and it stops recording once the owner is disposed.
    /// </summary>
    public bool IsOwner => ReferenceEquals(_owner, this);

    internal bool IsDisposed => Volatile.Read(ref _owner._disposed) != 0;

    /// <summary>A handle on this tracer for a later <see cref="ChimeTelemetry.Setup"/>: disposing it leaves this tracer running.</summary>
    internal ChimeTracer Borrow() => new(_owner);

    /// <summary>
    /// Whether spans started now could be recorded: the tracer is not disposed, <see cref="ChimeLoggerOptions.Sampler"/> is
    /// not an <see cref="AlwaysOffSampler"/>, and something listens to the ChimeLogger source. When <see langword="false"/>,
    /// every span method returns <see cref="HelixToken.None"/> at once; generated code checks it first so that it computes
    /// no resource name, parents or attributes for a span that would not be started.
    /// </summary>
    public bool IsListening => !_neverSamples && _owner._disposed == 0 && State.Source.HasListeners();

    /// <summary>The trace pipeline, for tests and diagnostics.</summary>
    internal TracerProvider? TracerProvider => _tracerProvider;

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
    public HelixToken Create(string stage, string? resourceName, string? resourceType = null, IEnumerable<string>? parents = null)
    {
        if (!IsListening)
        {
            return default;
        }

        string? parentIds = null;
        List<ActivityLink>? links = null;
        if (parents is not null)
        {
            parentIds = JoinParents(parents, stage, ref links);
        }

        return StartCreate(stage, resourceName, resourceType, parentIds, links);
    }

    /// <summary>Opens the span of a stage creating <paramref name="resourceName"/> from a single parent.</summary>
    /// <param name="stage">The stage name.</param>
    /// <param name="resourceName">The resource name of the entity created (<c>helix.entity.id</c> on the wire).</param>
    /// <param name="resourceType">The resource type.</param>
    /// <param name="parent">The resource name of the parent entity, or <see langword="null"/> for none.</param>
    /// <returns>The token of the span.</returns>
    public HelixToken Create(string stage, string? resourceName, string? resourceType, string? parent)
    {
        if (!IsListening)
        {
            return default;
        }

        string? parentIds = null;
        List<ActivityLink>? links = null;
        if (parent is not null)
        {
            string id = IdOf(parent, stage)!;
            if (ResourceNames.IsUsableParent(id))
            {
                parentIds = id;
                AddLink(id, ref links);
            }
            else
            {
                Warnings.UnusableParentId(stage, parent);
            }
        }

        return StartCreate(stage, resourceName, resourceType, parentIds, links);
    }

    /// <summary>
    /// Opens the span of an operation on the entity <paramref name="resourceName"/>. Every operation is a new
    /// root trace (the herald de-duplicates operations by trace id); the caller's current span is current
    /// again once the operation ends.
    /// </summary>
    /// <param name="operation">The operation name, used as the span name (for example <c>"register"</c>).</param>
    /// <param name="resourceName">The resource name of the entity operated on (<c>helix.entity.id</c> on the wire), or <see langword="null"/> to set it later with <see cref="HelixToken.SetEntityId"/>.</param>
    /// <param name="resourceType">The resource type (<c>chime.resource_type</c>).</param>
    /// <returns>The token of the span.</returns>
    public HelixToken Operate(string operation, string? resourceName = null, string? resourceType = null)
    {
        if (!IsListening)
        {
            return default;
        }

        // An operate is a new root: the sampler is asked with no parent.
        SamplingResult decision = default;
        if (_sampler is not null && !TryDecide(default, operation, links: null, out decision))
        {
            return default;
        }

        ActivitySource source = State.Source;

        Activity? caller = Activity.Current;
        if (caller is not null)
        {
            Activity.Current = null; // so that the operate starts a new root trace
        }

        Activity? activity = _sampler is null
            ? source.StartActivity(HelixSpanKinds.OperateOperationName, ActivityKind.Internal)
            : StartDecided(decision, HelixSpanKinds.OperateOperationName, links: null);
        if (activity is null)
        {
            if (caller is not null)
            {
                Activity.Current = caller;
            }

            return default;
        }

        State.OpenSpans.Add(activity);
        activity.DisplayName = NameOrPlaceholder(operation, "operation");
        if (activity.IsAllDataRequested)
        {
            activity.AddTag(HelixAttributes.IsOperation, "true");
            string? entityId = IdOf(resourceName, activity.DisplayName);
            if (ResourceNames.IsUsable(entityId))
            {
                activity.AddTag(HelixAttributes.EntityId, entityId);
            }

            StampCommon(activity, resourceType);
        }

        return new HelixToken(activity, caller);
    }

    /// <summary>
    /// Opens a child span of the current span for an internal step. It carries <c>helix.log.entity_id</c>
    /// (the enclosing entity) and never <c>helix.entity.id</c>, so the herald creates no entity for it.
    /// </summary>
    /// <param name="name">The span name (for example <c>"catalog-lookup"</c>).</param>
    /// <returns>The token of the span.</returns>
    public HelixToken ChildSpan(string name)
    {
        if (!IsListening)
        {
            return default;
        }

        Activity? activity;
        if (_sampler is null)
        {
            activity = State.Source.StartActivity(HelixSpanKinds.ChildOperationName, ActivityKind.Internal);
        }
        else
        {
            // The current span is the parent; under an operate that was not sampled there is none, and the child span is
            // decided as a root.
            ActivityContext parent = Activity.Current?.Context ?? default;
            if (!TryDecide(parent, name, links: null, out SamplingResult decision))
            {
                return default;
            }

            activity = StartDecided(decision, HelixSpanKinds.ChildOperationName, links: null);
        }

        if (activity is null)
        {
            return default;
        }

        State.OpenSpans.Add(activity);
        activity.DisplayName = NameOrPlaceholder(name, "child span");
        if (activity.IsAllDataRequested)
        {
            activity.AddTag(HelixAttributes.InstrumentId, InstrumentId);
            if (HelixSpanKinds.FindEntitySpan(activity.Parent) is { } entity
                && entity.GetTagItem(HelixAttributes.EntityId) is string entityId)
            {
                activity.AddTag(HelixAttributes.LogEntityId, entityId);
            }
        }

        return new HelixToken(activity, null);
    }

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
    public bool Flush(TimeSpan? timeout = null)
    {
        int milliseconds = (int)Math.Clamp((timeout ?? _settings.Options.ShutdownTimeout).TotalMilliseconds, 0, int.MaxValue);
        (bool traces, bool logs) = AtOnce(milliseconds, _tracerProvider is { } tracing ? tracing.ForceFlush : null, _loggerProvider is { } logging ? logging.ForceFlush : null);
        return traces && logs;
    }

    // Runs the same step of the trace and log pipelines at the same time, each within the limit, so that the
    // whole takes the limit at most even when one endpoint does not answer (one after the other took up to
    // twice as long). The trace step gets its own thread, not a pool thread that a busy pool could delay.
    private static (bool Traces, bool Logs) AtOnce(int milliseconds, Func<int, bool>? traceStep, Func<int, bool>? logStep)
    {
        Task<bool>? traces = traceStep is null
            ? null
            : Task.Factory.StartNew(() => traceStep(milliseconds), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool logs = logStep?.Invoke(milliseconds) ?? true;
        return (traces is null || (traces.Wait(milliseconds) && traces.Result), logs);
    }

    /// <summary>
    /// On the owner (<see cref="IsOwner"/>): flushes queued telemetry within <see cref="ChimeLoggerOptions.ShutdownTimeout"/>,
    /// shuts the exporters down and clears the process singleton, so that <see cref="ChimeTelemetry.Setup"/> may start
    /// afresh. On a handle returned by a later <see cref="ChimeTelemetry.Setup"/>: nothing, telemetry goes on for the owner.
    /// </summary>
    public void Dispose()
    {
        if (!IsOwner || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        ChimeTelemetry.Release(this);
        TracerLifetime lifetime = _lifetime!;
        lifetime.Detach();

        // One ShutdownTimeout for the whole end: a host that flushed when its services stopped started the clock, and
        // this gets what is left of it.
        ShutdownClock clock = lifetime.Clock;
        clock.Start();

        // Both pipelines flush at once, so that Dispose keeps to ShutdownTimeout when the herald or the collector does
        // not answer. What was lost is known after the flush, while the log pipeline still runs: the warning reaches the
        // collector too, not only the file log and standard error. The shutdown then gets what is left of the limit
        // (at least a moment, to carry that warning).
        (bool Traces, bool Logs) flushed;
        using (lifetime.Notice.While(this, clock))
        {
            flushed = AtOnce(clock.FlushMilliseconds, _tracerProvider is { } traces ? traces.ForceFlush : null, _loggerProvider is { } logs ? logs.ForceFlush : null);
        }

        ReportLostTelemetry(flushed.Traces, flushed.Logs);
        AtOnce(clock.ShutdownMilliseconds, _tracerProvider is { } tracing ? tracing.Shutdown : null, _loggerProvider is { } logging ? logging.Shutdown : null);
        _ownedServices?.Dispose();
        _ownedAuth?.Dispose();
        Parents.Clear();
        State.Source.Dispose();
    }

    // Says what was lost, when anything was: on the ChimeLogger category, so it reaches the collector, the file log,
    // standard error and the providers added through ConfigureLoggerFactory.
    private void ReportLostTelemetry(bool spansFlushed, bool logRecordsFlushed)
    {
        ExportStatistics statistics = ExportStatistics;
        if (!LostTelemetry.Any(statistics, spansFlushed, logRecordsFlushed))
        {
            return;
        }

        ChimeWarnings.TelemetryLost(
            LoggerFactory.CreateLogger(ChimeWarnings.Category),
            LostTelemetry.Describe(statistics, HeraldEndpoint, LogsEndpoint, _settings.Options.ShutdownTimeout, spansFlushed, logRecordsFlushed));
    }

    private HelixToken StartCreate(string stage, string? resourceName, string? resourceType, string? parentIds, List<ActivityLink>? links)
    {
        Activity? activity;
        if (_sampler is null)
        {
            activity = State.Source.StartActivity(
                HelixSpanKinds.CreateOperationName, ActivityKind.Internal, parentContext: default, tags: null, links: links);
        }
        else
        {
            ActivityContext parent = Activity.Current?.Context ?? default;
            if (!TryDecide(parent, stage, links, out SamplingResult decision))
            {
                return default;
            }

            activity = StartDecided(decision, HelixSpanKinds.CreateOperationName, links);
        }

        if (activity is null)
        {
            return default;
        }

        State.OpenSpans.Add(activity);
        activity.DisplayName = NameOrPlaceholder(stage, "stage");
        resourceName = IdOf(resourceName, activity.DisplayName);
        bool usableName = ResourceNames.IsUsable(resourceName);
        if (activity.IsAllDataRequested)
        {
            if (usableName)
            {
                activity.AddTag(HelixAttributes.EntityId, resourceName);
            }
            else
            {
                Warnings.CreateWithoutResourceName(activity.DisplayName, resourceName);
            }

            if (parentIds is not null)
            {
                activity.AddTag(HelixAttributes.ParentIds, parentIds);
            }

            activity.AddTag(HelixAttributes.ProcessName, ProcessName);
            StampCommon(activity, resourceType);
        }

        if (usableName)
        {
            Parents.Add(resourceName!, activity.Context);
        }

        return new HelixToken(activity, null);
    }

    // Asks ChimeLoggerOptions.Sampler about a span before any Activity exists: false on Drop, and the span costs nothing
    // more. The sampler is given the span's own name (the operation, stage or child span name), its parent and its links;
    // a root is asked with a random trace id (the Activity, started later, draws its own: a ratio sampler keeps the same
    // share of roots either way).
    private bool TryDecide(in ActivityContext parent, string? name, IEnumerable<ActivityLink>? links, out SamplingResult decision)
    {
        bool root = parent.TraceId == default;
        ActivityTraceId traceId = root ? RootTraceIds.Next() : parent.TraceId;
        decision = _sampler!.ShouldSample(new SamplingParameters(parent, traceId, name ?? string.Empty, ActivityKind.Internal, tags: null, links));
        if (decision.Decision == SamplingDecision.Drop)
        {
            return false;
        }

        if (root)
        {
            RootTraceIds.Keep();
        }

        return true;
    }

    // Starts the span with the decision held for ChimeLogger's provider (PreDecidedSampler), so that the provider records
    // it as decided rather than asking the sampler a second time. No parent context is passed: the Activity joins
    // Activity.Current, the parent the sampler was asked with, and keeps it as its Parent object.
    private Activity? StartDecided(in SamplingResult decision, string operationName, List<ActivityLink>? links)
    {
        PreDecidedSampler.Hold(decision);
        try
        {
            return State.Source.StartActivity(operationName, ActivityKind.Internal, parentContext: default, tags: null, links: links);
        }
        finally
        {
            PreDecidedSampler.Release();
        }
    }

    // The span was started a moment ago and nothing else writes ChimeLogger's keys, so the stamps are added
    // (AddTag appends) rather than set (SetTag first searches the tags for the key: on the hot path of every span).
    private void StampCommon(Activity activity, string? resourceType)
    {
        activity.AddTag(HelixAttributes.InstrumentId, InstrumentId);
        activity.AddTag(HelixAttributes.ResourceType, string.IsNullOrWhiteSpace(resourceType) ? Contract.Fallbacks.UnknownType : resourceType);
        activity.AddTag(HelixAttributes.Pipeline, Pipeline);
        activity.AddTag(HelixAttributes.Site, Site);
    }

    private string? JoinParents(IEnumerable<string> parents, string? stage, ref List<ActivityLink>? links)
    {
        string? single = null;
        System.Text.StringBuilder? joined = null;
        foreach (string raw in parents)
        {
            string parent = IdOf(raw, stage ?? "create")!;
            if (!ResourceNames.IsUsableParent(parent))
            {
                Warnings.UnusableParentId(stage, raw);
                continue;
            }

            AddLink(parent, ref links);
            if (single is null && joined is null)
            {
                single = parent;
            }
            else
            {
                joined ??= new System.Text.StringBuilder(single);
                joined.Append(',').Append(parent);
            }
        }

        return joined?.ToString() ?? single;
    }

    // The id as it is sent (trimmed, with a warning): the rule the spans this tracer opens follow too.
    private string? IdOf(string? id, string span) => State.IdOf(id, span);

    private void AddLink(string parent, ref List<ActivityLink>? links)
    {
        if (Parents.TryGet(parent, out ActivityContext context))
        {
            (links ??= []).Add(new ActivityLink(context));
        }
    }

    private string NameOrPlaceholder(string? name, string what)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            return name;
        }

        // The placeholder is named in the warning as it is exported, so that the span can be found by it.
        string placeholder = "unnamed-" + what.Replace(' ', '-');
        Warnings.EmptySpanName(what, placeholder);
        return placeholder;
    }
}
