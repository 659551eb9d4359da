using System.Diagnostics;
using System.Globalization;
using ChimeLogger.Tracing;

namespace ChimeLogger;

/// <summary>
/// A handle on one HelixObs span opened by <see cref="ChimeTracer.Create(string, string?, string?, IEnumerable{string}?)"/>,
/// <see cref="ChimeTracer.Operate"/> or <see cref="ChimeTracer.ChildSpan"/> (or by generated code).
/// </summary>
/// <remarks>
/// <para>The token is a small value: copying it copies the handle, not the span. Every operation on it is
/// safe to call at any time: on a token that records nothing (telemetry not set up, span not sampled,
/// <c>default</c>) or on a span that has already ended, it does nothing.</para>
/// <para>Completion is idempotent: the first of <see cref="Complete"/>, <see cref="Error(IEnumerable{KeyValuePair{string, object?}}?)"/>
/// or <see cref="Dispose"/> ends the span, later calls are no-ops, so exactly one span is exported.</para>
/// </remarks>
public readonly partial struct HelixToken : IDisposable, IEquatable<HelixToken>
{
    private readonly Activity? _activity;

    // For operate spans: the span that was current when the operate started. An operate is a new root
    // trace (docs/helix-contract.md §1), so ending it would otherwise leave no current span for the caller.
    private readonly Activity? _resumeOnEnd;

    internal HelixToken(Activity activity, Activity? resumeOnEnd)
    {
        _activity = activity;
        _resumeOnEnd = resumeOnEnd;
    }

    /// <summary>A token that records nothing; what generated code passes to <c>Core</c> when nobody listens.</summary>
    public static HelixToken None => default;

    /// <summary>
    /// The innermost create or operate span of the current flow (child spans are skipped), or
    /// <see langword="null"/> when there is none.
    /// </summary>
    public static HelixToken? Current
    {
        get
        {
            Activity? entity = HelixSpanKinds.FindEntitySpan(Activity.Current);
            return entity is null ? null : new HelixToken(entity, null);
        }
    }

    /// <summary>Whether this token records a span. <see langword="false"/> for <see cref="None"/> and unsampled spans.</summary>
    public bool IsRecording => _activity is { IsAllDataRequested: true };

    /// <summary>Whether the span has ended (or the token records nothing).</summary>
    public bool IsCompleted => _activity is null || _activity.IsStopped;

    /// <summary>The underlying <see cref="System.Diagnostics.Activity"/>, or <see langword="null"/> when nothing is recorded.</summary>
    public Activity? Activity => _activity;

    /// <summary>What kind of HelixObs span this is.</summary>
    public HelixSpanKind Kind => HelixSpanKinds.Of(_activity);

    /// <summary>
    /// The resource name of the span's entity as it is on the wire: <c>helix.entity.id</c> of a create or operate span, the enclosing
    /// entity's id for a child span; <see langword="null"/> when unknown.
    /// </summary>
    public string? EntityId => _activity is null ? null : HelixSpanKinds.EntityIdOf(_activity);

    /// <summary>
    /// Sets (or replaces) the resource name of the span's entity (<c>helix.entity.id</c>, hence the name). For operations whose entity is only known once the
    /// work has started (a deferred id); on a create span it also updates the in-process parent store.
    /// </summary>
    /// <param name="entityId">The resource name, trimmed as every id is; <see langword="null"/>, empty or whitespace ids are ignored with a warning.</param>
    public void SetEntityId(string? entityId)
    {
        if (!IsRecording || _activity!.IsStopped)
        {
            return;
        }

        HelixSpanKind kind = Kind;
        if (kind == HelixSpanKind.Child)
        {
            Warnings.ChildSpanEntityId(_activity.DisplayName);
            return;
        }

        string? raw = entityId;
        SpanOpener? opener = Opener;
        entityId = opener is not null ? opener.IdOf(entityId, _activity.DisplayName) : entityId?.Trim();
        if (!ResourceNames.IsUsable(entityId))
        {
            Warnings.UnusableEntityId(_activity.DisplayName, raw);
            return;
        }

        _activity.SetTag(HelixAttributes.EntityId, entityId);
        if (kind == HelixSpanKind.Create)
        {
            opener?.Parents.Add(entityId!, _activity.Context);
        }
    }

    /// <summary>
    /// Sets a span attribute. The value is stored as a string (culture-invariant), as the herald expects. The contract
    /// keys (<see cref="HelixAttributes.ReservedKeys"/>) are refused with a warning: only ChimeLogger writes them.
    /// </summary>
    /// <param name="key">The attribute key.</param>
    /// <param name="value">The value; nested lists and dictionaries are written as JSON, <see langword="null"/> as <c>"null"</c>.</param>
    public void SetAttribute(string key, object? value)
    {
        if (IsWritable(key))
        {
            _activity!.SetTag(key, MetadataFormatter.Format(value));
        }
    }

    /// <summary>Sets a string span attribute.</summary>
    /// <param name="key">The attribute key.</param>
    /// <param name="value">The value; <see langword="null"/> is written as <c>"null"</c>.</param>
    public void SetAttribute(string key, string? value)
    {
        if (IsWritable(key))
        {
            _activity!.SetTag(key, value ?? MetadataFormatter.NullText);
        }
    }

    /// <summary>Sets a numeric span attribute, formatted with the invariant culture.</summary>
    /// <param name="key">The attribute key.</param>
    /// <param name="value">The value.</param>
    public void SetAttribute(string key, long value)
    {
        if (IsWritable(key))
        {
            _activity!.SetTag(key, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Sets a numeric span attribute: the shortest digits that read back as the same value, in plain decimal notation,
    /// never with an exponent (<c>0.00000015</c>, not <c>1.5E-07</c>), as the herald writes numbers.
    /// </summary>
    /// <param name="key">The attribute key.</param>
    /// <param name="value">The value.</param>
    public void SetAttribute(string key, double value)
    {
        if (IsWritable(key))
        {
            _activity!.SetTag(key, FixedNotation.Of(value));
        }
    }

    /// <summary>Sets a boolean span attribute as <c>"true"</c> or <c>"false"</c>.</summary>
    /// <param name="key">The attribute key.</param>
    /// <param name="value">The value.</param>
    public void SetAttribute(string key, bool value)
    {
        if (IsWritable(key))
        {
            _activity!.SetTag(key, value ? "true" : "false");
        }
    }

    /// <summary>
    /// Adds a span event. The herald keeps only events whose name starts with <c>helix.</c>; user events are
    /// named <c>helix.event.&lt;name&gt;</c> (for example <c>helix.event.classified</c>). Other names are
    /// recorded too but a warning is logged once per name, since the herald will drop them.
    /// On a child span, a <c>helix.*</c> event is recorded on the enclosing create or operate span, the only spans
    /// whose events the herald reads (docs/helix-contract.md §2).
    /// </summary>
    /// <param name="name">The event name.</param>
    /// <param name="attributes">Event attributes; values keep their type.</param>
    public void AddEvent(string name, IEnumerable<KeyValuePair<string, object?>>? attributes = null)
    {
        if (!IsRecording || _activity!.IsStopped)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            Warnings.EmptyEventName(_activity.DisplayName);
            return;
        }

        bool helixEvent = name.StartsWith(HelixAttributes.EventPrefix, StringComparison.Ordinal);
        if (!helixEvent)
        {
            Warnings.EventWithoutHelixPrefix(name);
        }

        ActivityTagsCollection? tags = null;
        if (attributes is not null)
        {
            tags = new ActivityTagsCollection();
            foreach (KeyValuePair<string, object?> pair in attributes)
            {
                tags[pair.Key] = pair.Value;
            }
        }

        Activity target = helixEvent ? HeraldSpan(_activity, "AddEvent", Warnings) : _activity;
        target.AddEvent(new ActivityEvent(name, tags: tags));
    }

    /// <summary>
    /// Ends the span. Each metadata entry becomes a (stringified) span attribute. The status stays Unset
    /// unless an earlier <see cref="AddError(IEnumerable{KeyValuePair{string, object?}}?)"/> set it to Error. Idempotent.
    /// </summary>
    /// <param name="metadata">Attributes to set before ending, or <see langword="null"/>.</param>
    public void Complete(IEnumerable<KeyValuePair<string, object?>>? metadata = null)
    {
        if (_activity is null || _activity.IsStopped)
        {
            return;
        }

        if (metadata is not null && _activity.IsAllDataRequested)
        {
            foreach (KeyValuePair<string, object?> pair in metadata)
            {
                SetAttribute(pair.Key, pair.Value);
            }
        }

        End();
    }

    /// <summary>Ends the span as <see cref="Complete"/> does, if it has not ended yet.</summary>
    public void Dispose() => Complete();

    /// <inheritdoc/>
    public bool Equals(HelixToken other) => ReferenceEquals(_activity, other._activity);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HelixToken other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _activity?.GetHashCode() ?? 0;

    /// <summary>Whether two tokens refer to the same span.</summary>
    public static bool operator ==(HelixToken left, HelixToken right) => left.Equals(right);

    /// <summary>Whether two tokens refer to different spans.</summary>
    public static bool operator !=(HelixToken left, HelixToken right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => _activity is null
        ? "HelixToken(none)"
        : $"HelixToken({Kind} '{_activity.DisplayName}', entity '{EntityId ?? "?"}')";

    // The tracer that opened the span, found through the span's own source, whichever tracer is the process's by now; none
    // for a span that no ChimeLogger tracer opened (its warnings then go nowhere).
    private SpanOpener? Opener => _activity is null ? null : SpanOpener.Of(_activity.Source);

    private SpanWarnings Warnings => Opener?.Warnings ?? SpanWarnings.Silent;

    private bool IsWritable(string key)
    {
        if (!IsRecording || _activity!.IsStopped)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            Warnings.EmptyAttributeKey(_activity.DisplayName);
            return false;
        }

        // The herald reads these keys to decide what the span is (docs/helix-contract.md §1): only ChimeLogger writes them.
        if (HelixAttributes.IsReserved(key))
        {
            Warnings.ReservedAttributeKey(_activity.DisplayName, key);
            return false;
        }

        return true;
    }

    private void End()
    {
        Activity? activity = _activity;
        if (activity is null || activity.IsStopped)
        {
            return;
        }

        if (activity.IsAllDataRequested
            && HelixSpanKinds.Of(activity) == HelixSpanKind.Operate
            && activity.GetTagItem(HelixAttributes.EntityId) is null)
        {
            Warnings.OperateWithoutEntityId(activity.DisplayName);
        }

        activity.Stop();

        // Stop() makes the root operate's (absent) parent current; give the caller back its own span.
        if (_resumeOnEnd is { IsStopped: false } && Activity.Current is null)
        {
            System.Diagnostics.Activity.Current = _resumeOnEnd;
        }
    }
}
