using System.Diagnostics;

namespace ChimeLogger.Tracing;

/// <summary>Writes <c>helix.error</c> events (docs/helix-contract.md §2).</summary>
internal static class HelixErrors
{
    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";

    /// <summary>Names the child span an error was recorded through, on the entity span's <c>helix.error</c>.</summary>
    public const string ChildSpanKey = "child_span";

    /// <summary>
    /// Adds the <c>helix.error</c> event to <paramref name="entity"/> and sets its status to Error. The herald's Error
    /// Entities dashboard groups errors by <c>stage</c>: the entity span's name is given when the caller gave none.
    /// </summary>
    public static void Record(Activity entity, ActivityTagsCollection tags, string? message)
    {
        if (!tags.TryGetValue(HelixAttributes.StageKey, out object? stage) || stage is not string text
            || string.IsNullOrWhiteSpace(text) || text == MetadataFormatter.NullText)
        {
            tags[HelixAttributes.StageKey] = entity.DisplayName;
        }

        entity.AddEvent(new ActivityEvent(HelixAttributes.ErrorEvent, tags: tags));
        entity.SetStatus(ActivityStatusCode.Error, message);
    }

    /// <summary>
    /// An escaping exception: <c>message</c> is the type name, the stable class the herald de-duplicates
    /// notifications on; the exception's own text, which often holds ids, goes in <c>exception.message</c>.
    /// </summary>
    public static void RecordException(Activity activity, Exception exception)
    {
        string typeName = exception.GetType().Name;
        ActivityTagsCollection tags = new()
        {
            [HelixAttributes.MessageKey] = typeName,
            [ExceptionType] = exception.GetType().FullName ?? typeName,
            [ExceptionMessage] = exception.Message,
        };
        Record(activity, tags, typeName);
    }

    /// <summary>
    /// An exception leaving a child span: the OpenTelemetry <c>exception</c> event and status Error on the child, for
    /// the trace view. Not a <c>helix.error</c>: the entity's code may still handle it.
    /// </summary>
    public static void RecordChildException(Activity child, Exception exception)
    {
        child.AddException(exception);
        child.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
    }
}
