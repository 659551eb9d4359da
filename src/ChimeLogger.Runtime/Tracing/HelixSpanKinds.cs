using System.Diagnostics;

namespace ChimeLogger.Tracing;

/// <summary>
/// Tells ChimeLogger's spans apart. Each kind is started under a fixed operation name (the span name the
/// exporters show is the display name: the stage, operation or child span name), so recognising a span
/// costs a reference comparison and no tag lookup.
/// </summary>
internal static class HelixSpanKinds
{
    public const string CreateOperationName = "helix.create";
    public const string OperateOperationName = "helix.operate";
    public const string ChildOperationName = "helix.child";

    public static HelixSpanKind Of(Activity? activity)
    {
        if (activity is null || !ChimeActivitySource.IsChimeLogger(activity.Source))
        {
            return HelixSpanKind.None;
        }

        return activity.OperationName switch
        {
            CreateOperationName => HelixSpanKind.Create,
            OperateOperationName => HelixSpanKind.Operate,
            ChildOperationName => HelixSpanKind.Child,
            _ => HelixSpanKind.None,
        };
    }

    /// <summary>The innermost create or operate span at or above <paramref name="activity"/>.</summary>
    public static Activity? FindEntitySpan(Activity? activity)
    {
        for (Activity? current = activity; current is not null; current = current.Parent)
        {
            HelixSpanKind kind = Of(current);
            if (kind is HelixSpanKind.Create or HelixSpanKind.Operate)
            {
                return current;
            }
        }

        return null;
    }

    public static string? EntityIdOf(Activity activity) => Of(activity) == HelixSpanKind.Child
        ? activity.GetTagItem(HelixAttributes.LogEntityId) as string
        : activity.GetTagItem(HelixAttributes.EntityId) as string;
}
