using System.Diagnostics;
using OpenTelemetry;

namespace ChimeLogger.Testing;

/// <summary>
/// Marks each span with the herald scope of the flow that starts it, and copies it, as it would travel over OTLP,
/// into that scope when it ends. The mark is a custom property: it is never exported.
/// </summary>
internal sealed class SpanCapture(HeraldHost host) : BaseProcessor<Activity>
{
    private const string ScopeProperty = "ChimeLogger.Testing.Scope";

    public override void OnStart(Activity data) => data.SetCustomProperty(ScopeProperty, host.ScopeOfCurrentFlow());

    public override void OnEnd(Activity data)
    {
        if (data.GetCustomProperty(ScopeProperty) is HeraldScope { IsOpen: true } scope)
        {
            scope.Add(ToReceived(data));
        }
    }

    internal static ReceivedSpan ToReceived(Activity activity) => new(
        activity.DisplayName,
        activity.TraceId.ToHexString(),
        activity.SpanId.ToHexString(),
        new DateTimeOffset(activity.StartTimeUtc, TimeSpan.Zero),
        Copy(activity.TagObjects),
        activity.Events.Select(static e => new ReceivedSpanEvent(e.Name, e.Timestamp, Copy(e.EnumerateTagObjects()))).ToArray(),
        activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString())
    {
        EndTime = new DateTimeOffset(activity.StartTimeUtc + activity.Duration, TimeSpan.Zero),
    };

    // The OTLP exporter leaves out attributes whose value is null.
    private static KeyValuePair<string, object?>[] Copy(IEnumerable<KeyValuePair<string, object?>> tags) =>
        tags.Where(static tag => tag.Value is not null).ToArray();

    private static KeyValuePair<string, object?>[] Copy(Activity.Enumerator<KeyValuePair<string, object?>> tags)
    {
        List<KeyValuePair<string, object?>> copy = [];
        foreach (ref readonly KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Value is not null)
            {
                copy.Add(tag);
            }
        }

        return copy.ToArray();
    }
}
