using System.Diagnostics;

namespace ChimeLogger.Tracing;

/// <summary>Writes <c>helix.error</c> events (docs/helix-contract.md §2).</summary>
internal static class HelixErrors
{
    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";

    public static void Record(Activity activity, ActivityTagsCollection tags, string? message)
    {
        activity.AddEvent(new ActivityEvent(HelixAttributes.ErrorEvent, tags: tags));
        activity.SetStatus(ActivityStatusCode.Error, message);
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
}
