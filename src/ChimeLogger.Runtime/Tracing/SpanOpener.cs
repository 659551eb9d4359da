using System.Diagnostics;
using System.Runtime.CompilerServices;
using ChimeLogger.Configuration;
using ChimeLogger.Export;
using ChimeLogger.Lifetime;
using OpenTelemetry.Trace;

namespace ChimeLogger.Tracing;

/// <summary>
/// Opens the helix spans of one tracer (the work behind <see cref="ChimeTracer.Create(string, string?, string?, IEnumerable{string}?)"/>,
/// <see cref="ChimeTracer.Operate"/> and <see cref="ChimeTracer.ChildSpan"/>): asks <see cref="ChimeLoggerOptions.Sampler"/>
/// before any Activity exists, joins or starts the trace, stamps the contract attributes (docs/helix-contract.md §1),
/// links a create to its parents, and records each span it starts (<see cref="OpenSpans"/>, and for ordered delivery
/// <see cref="OpenCreations"/>). It also holds what the tokens of its spans need afterwards: its warnings, its parent
/// store and how it reads ids.
/// </summary>
/// <remarks>
/// Which opener a span is from is answered in one place, <see cref="Of"/>, through the span's own
/// <see cref="ActivitySource"/>: each opener starts its spans from a source of its own (under the one name listeners
/// subscribe to), so a token reaches the tracer that opened its span even when another tracer is the process's by then,
/// and the token stays two references wide.
/// </remarks>
internal sealed class SpanOpener : IDisposable
{
    private static readonly ConditionalWeakTable<ActivitySource, SpanOpener> s_bySource = new();

    private readonly ActivitySource _source;
    private readonly Sampler? _sampler;

    // An always-off sampler: no span is ever started, so IsListening says so and generated code takes the fast path.
    private readonly bool _neverSamples;
    private readonly OpenCreations? _openCreations;
    private readonly string _pipeline;
    private readonly string _site;
    private readonly string _instrumentId;
    private readonly string _processName;
    private volatile bool _closed;

    /// <param name="settings">The stamps every span carries, and the sampler.</param>
    /// <param name="warnings">Where the warnings about misuse go.</param>
    /// <param name="openCreations">The creations ordered delivery waits for; <see langword="null"/> without ordering.</param>
    public SpanOpener(ChimeSettings settings, SpanWarnings warnings, OpenCreations? openCreations)
    {
        Warnings = warnings;
        _openCreations = openCreations;
        _pipeline = settings.PipelineOrUnknown;
        _site = settings.SiteOrUnknown;
        _instrumentId = settings.InstrumentId;
        _processName = settings.ProcessName;
        _sampler = settings.Options.Sampler;
        _neverSamples = _sampler is AlwaysOffSampler;
        _source = ChimeActivitySource.Create();
        s_bySource.AddOrUpdate(_source, this);
    }

    public SpanWarnings Warnings { get; }

    /// <summary>Entity id to span context of the creates this opener started, for the links of later creates.</summary>
    public ParentStore Parents { get; } = new();

    /// <summary>The spans this opener started that may still be open, ended for the herald when the process ends first.</summary>
    public OpenSpans OpenSpans { get; } = new();

    /// <summary>Whether spans started now could be recorded (see <see cref="ChimeTracer.IsListening"/>).</summary>
    public bool IsListening => !_neverSamples && !_closed && _source.HasListeners();

    /// <summary>The opener whose source started <paramref name="source"/>'s spans, if it is one of ChimeLogger's.</summary>
    public static SpanOpener? Of(ActivitySource source) => s_bySource.TryGetValue(source, out SpanOpener? opener) ? opener : null;

    /// <summary>Opens no span any more: the tracer is ending.</summary>
    public void Close() => _closed = true;

    /// <summary>Forgets the parents and closes the source, once the tracer has ended.</summary>
    public void Dispose()
    {
        Close();
        Parents.Clear();
        _source.Dispose();
    }

    // Each span method returns a token that records nothing at once when nobody listens (ChimeTracer.IsListening). They are
    // calls, never inlined into a generated wrapper: with the façade inlined too, the JIT's inlining budget ran out before
    // the wrapper's own work (its Core, the token) and the wrapper measured 3% slower (docs/benchmarks.md).

    /// <summary>A create span with any number of parents (<see cref="ChimeTracer.Create(string, string?, string?, IEnumerable{string}?)"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public HelixToken Create(string stage, string? resourceName, string? resourceType, IEnumerable<string>? parents)
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

    /// <summary>A create span with one parent, or none (<see cref="ChimeTracer.Create(string, string?, string?, string?)"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
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

    /// <summary>An operate span: a new root trace, the caller's span current again once it ends (<see cref="ChimeTracer.Operate"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public HelixToken Operate(string operation, string? resourceName, string? resourceType)
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

        Activity? caller = Activity.Current;
        if (caller is not null)
        {
            Activity.Current = null; // so that the operate starts a new root trace
        }

        Activity? activity = _sampler is null
            ? _source.StartActivity(HelixSpanKinds.OperateOperationName, ActivityKind.Internal)
            : StartDecided(decision, HelixSpanKinds.OperateOperationName, links: null);
        if (activity is null)
        {
            if (caller is not null)
            {
                Activity.Current = caller;
            }

            return default;
        }

        OpenSpans.Add(activity);
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

    /// <summary>A child span of the current span, for an internal step (<see cref="ChimeTracer.ChildSpan"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public HelixToken ChildSpan(string name)
    {
        if (!IsListening)
        {
            return default;
        }

        Activity? activity = Start(HelixSpanKinds.ChildOperationName, name, links: null);
        if (activity is null)
        {
            return default;
        }

        OpenSpans.Add(activity);
        activity.DisplayName = NameOrPlaceholder(name, "child span");
        if (activity.IsAllDataRequested)
        {
            activity.AddTag(HelixAttributes.InstrumentId, _instrumentId);
            if (HelixSpanKinds.FindEntitySpan(activity.Parent) is { } entity
                && entity.GetTagItem(HelixAttributes.EntityId) is string entityId)
            {
                activity.AddTag(HelixAttributes.LogEntityId, entityId);
            }
        }

        return new HelixToken(activity, null);
    }

    /// <summary>
    /// The id as it is sent: trimmed (the herald does not trim <c>helix.entity.id</c>, docs/helix-contract.md §1), with a
    /// warning once per distinct untrimmed id and a warning for an id long enough to be a payload passed by mistake.
    /// </summary>
    public string? IdOf(string? id, string span)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return id; // refused by the caller with its own warning
        }

        if (ResourceNames.NeedsTrim(id))
        {
            Warnings.UntrimmedId(span, id);
            id = id.Trim();
        }

        if (id.Length > ResourceNames.LongIdWarningLength)
        {
            Warnings.LongId(span, id.Length);
        }

        return id;
    }

    private HelixToken StartCreate(string stage, string? resourceName, string? resourceType, string? parentIds, List<ActivityLink>? links)
    {
        Activity? activity = Start(HelixSpanKinds.CreateOperationName, stage, links);
        if (activity is null)
        {
            return default;
        }

        OpenSpans.Add(activity);
        if (activity.IsAllDataRequested)
        {
            _openCreations?.Started(activity);
        }

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

            activity.AddTag(HelixAttributes.ProcessName, _processName);
            StampCommon(activity, resourceType);
        }

        if (usableName)
        {
            Parents.Add(resourceName!, activity.Context);
        }

        return new HelixToken(activity, null);
    }

    // A create or child span, under the current span. With a sampler, the current span is the parent it is asked with;
    // under an operate that was not sampled there is none, and the span is decided as a root.
    private Activity? Start(string operationName, string? name, List<ActivityLink>? links)
    {
        if (_sampler is null)
        {
            return _source.StartActivity(operationName, ActivityKind.Internal, parentContext: default, tags: null, links: links);
        }

        ActivityContext parent = Activity.Current?.Context ?? default;
        return TryDecide(parent, name, links, out SamplingResult decision) ? StartDecided(decision, operationName, links) : null;
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
            return _source.StartActivity(operationName, ActivityKind.Internal, parentContext: default, tags: null, links: links);
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
        activity.AddTag(HelixAttributes.InstrumentId, _instrumentId);
        activity.AddTag(HelixAttributes.ResourceType, string.IsNullOrWhiteSpace(resourceType) ? Contract.Fallbacks.UnknownType : resourceType);
        activity.AddTag(HelixAttributes.Pipeline, _pipeline);
        activity.AddTag(HelixAttributes.Site, _site);
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
