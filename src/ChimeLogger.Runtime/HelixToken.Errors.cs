using System.Diagnostics;
using ChimeLogger.Tracing;

namespace ChimeLogger;

// Errors: recoverable (AddError), fatal (Error), and exceptions escaping the work (RecordException), each written where the
// herald reads it (docs/helix-contract.md §2).
public readonly partial struct HelixToken
{
    /// <summary>
    /// Records a recoverable error: adds a <c>helix.error</c> event with <paramref name="metadata"/>
    /// (values stringified) and sets the span status to Error. The span stays open. Without a <c>stage</c> key, the
    /// span name of the entity span is added as <c>stage</c> (the herald's Error Entities dashboard groups by it).
    /// On a child span, the <c>helix.error</c> goes on the enclosing create or operate span (the herald reads errors
    /// only there, docs/helix-contract.md §2) with a <c>child_span</c> key naming the child; the child span gets
    /// status Error for the trace view.
    /// </summary>
    /// <param name="metadata">
    /// Error metadata. Put a stable error class in <c>message</c> (the herald de-duplicates notifications on it)
    /// and per-entity detail in another key such as <c>detail</c>.
    /// </param>
    public void AddError(IEnumerable<KeyValuePair<string, object?>>? metadata = null)
    {
        if (!IsRecording || _activity!.IsStopped)
        {
            return;
        }

        RecordError(_activity, metadata, Warnings);
    }

    /// <summary>Records a recoverable error with a stable <c>message</c> and an optional <c>detail</c>. The span stays open.</summary>
    /// <param name="message">The stable error class, for example <c>"replication_timeout"</c>.</param>
    /// <param name="detail">Per-entity detail, or <see langword="null"/>.</param>
    public void AddError(string message, string? detail = null) => AddError(ErrorMetadata(message, detail));

    /// <summary>
    /// Records a fatal error: the same as <see cref="AddError(IEnumerable{KeyValuePair{string, object?}}?)"/>, then ends
    /// the span. Later <see cref="Complete"/> or <see cref="Error(IEnumerable{KeyValuePair{string, object?}}?)"/> calls are no-ops.
    /// On a child span, the child ends; the enclosing entity span stays open (with its <c>helix.error</c>).
    /// </summary>
    /// <param name="metadata">Error metadata, as for <see cref="AddError(IEnumerable{KeyValuePair{string, object?}}?)"/>.</param>
    public void Error(IEnumerable<KeyValuePair<string, object?>>? metadata = null)
    {
        if (!IsRecording || _activity!.IsStopped)
        {
            End();
            return;
        }

        RecordError(_activity, metadata, Warnings);
        End();
    }

    /// <summary>Records a fatal error with a stable <c>message</c> and an optional <c>detail</c>, then ends the span.</summary>
    /// <param name="message">The stable error class.</param>
    /// <param name="detail">Per-entity detail, or <see langword="null"/>.</param>
    public void Error(string message, string? detail = null) => Error(ErrorMetadata(message, detail));

    /// <summary>
    /// Records an exception that escapes instrumented work and sets the status to Error, without ending the span.
    /// On a create or operate span it is a <c>helix.error</c> event (keys <c>message</c> = the exception's type name,
    /// <c>exception.type</c>, <c>exception.message</c>, <c>stage</c> = the span name). On a child span it is the
    /// OpenTelemetry <c>exception</c> event of the child only, for the trace view: an exception that leaves a child
    /// step may still be handled by the entity's code, so it becomes a herald error only when it also escapes the entity
    /// span, or when the code records it with <see cref="AddError(IEnumerable{KeyValuePair{string, object?}}?)"/>.
    /// Returns <see langword="false"/> so that it can sit in an exception filter, which records without catching or unwinding.
    /// </summary>
    /// <param name="exception">The escaping exception.</param>
    /// <returns>Always <see langword="false"/>.</returns>
    public bool RecordException(Exception exception)
    {
        if (IsRecording && !_activity!.IsStopped && exception is not null)
        {
            if (Kind == HelixSpanKind.Child)
            {
                HelixErrors.RecordChildException(_activity, exception);
            }
            else
            {
                HelixErrors.RecordException(_activity, exception);
            }
        }

        return false;
    }

    /// <summary>
    /// Records an exception that escapes instrumented work which received <paramref name="cancellationToken"/>.
    /// An <see cref="OperationCanceledException"/> caused by that token is a requested stop, not a failure: it
    /// sets <c>chime.cancelled = "true"</c> and no error. Any other exception is recorded as
    /// <see cref="RecordException(Exception)"/> does. Returns <see langword="false"/> (for exception filters).
    /// </summary>
    /// <param name="exception">The escaping exception.</param>
    /// <param name="cancellationToken">The cancellation token the instrumented method received.</param>
    /// <returns>Always <see langword="false"/>.</returns>
    public bool RecordException(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            if (IsRecording && !_activity!.IsStopped)
            {
                _activity.SetTag(HelixAttributes.Cancelled, "true");
            }

            return false;
        }

        return RecordException(exception);
    }

    private static void RecordError(Activity activity, IEnumerable<KeyValuePair<string, object?>>? metadata, SpanWarnings warnings)
    {
        ActivityTagsCollection tags = new();
        string? message = null;
        if (metadata is not null)
        {
            foreach (KeyValuePair<string, object?> pair in metadata)
            {
                if (string.IsNullOrWhiteSpace(pair.Key))
                {
                    continue;
                }

                string text = MetadataFormatter.Format(pair.Value);
                tags[pair.Key] = text;
                if (pair.Key == HelixAttributes.MessageKey)
                {
                    message = text;
                }
            }
        }

        Activity entity = HeraldSpan(activity, "AddError", warnings);
        if (!ReferenceEquals(entity, activity))
        {
            // The child keeps an error status for the trace view; the herald reads the event on the entity span.
            tags.TryAdd(HelixErrors.ChildSpanKey, activity.DisplayName);
            activity.SetStatus(ActivityStatusCode.Error, message);
        }

        HelixErrors.Record(entity, tags, message);
    }

    // The span whose helix.* events the herald reads: the span itself, or for a child span the enclosing create or
    // operate span (docs/helix-contract.md §2). A child with no open entity span above it keeps the event, with a warning.
    private static Activity HeraldSpan(Activity activity, string operation, SpanWarnings warnings)
    {
        if (HelixSpanKinds.Of(activity) != HelixSpanKind.Child)
        {
            return activity;
        }

        Activity? entity = HelixSpanKinds.FindEntitySpan(activity.Parent);
        if (entity is { IsStopped: false })
        {
            return entity;
        }

        warnings.ChildSpanWithoutEntity(activity.DisplayName, operation);
        return activity;
    }

    private static KeyValuePair<string, object?>[] ErrorMetadata(string message, string? detail) => detail is null
        ? [new(HelixAttributes.MessageKey, message)]
        : [new(HelixAttributes.MessageKey, message), new("detail", detail)];
}
