using System.Globalization;
using System.Text;
using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.Model;

namespace FrbPipeline;

/// <summary>What reached the receiver, seen the HelixObs way: entities, operations, errors, events, logs.</summary>
public sealed record RunSummary
{
    public required IReadOnlyDictionary<string, int> EntitiesByType { get; init; }
    public required IReadOnlyDictionary<string, int> OperationsByName { get; init; }
    public required IReadOnlyDictionary<string, int> ErrorsByMessage { get; init; }
    public required IReadOnlyDictionary<string, int> EventsByName { get; init; }
    public required int LogRecords { get; init; }
    public required int Spans { get; init; }

    public int Errors => ErrorsByMessage.Values.Sum();

    public int Events => EventsByName.Values.Sum();

    /// <summary>Counts the spans and logs of <paramref name="serviceName"/>.</summary>
    public static RunSummary Of(IReadOnlyList<ReceivedSpan> spans, IReadOnlyList<ReceivedLog> logs, string serviceName)
    {
        List<ReceivedSpan> ours = spans.Where(span => span.ServiceName == serviceName).ToList();
        return new RunSummary
        {
            // An entity is a create span's helix.entity.id; the same id created twice is one entity.
            EntitiesByType = Count(ours
                .Where(span => span.Attributes.ContainsKey("helix.entity.id") && !span.Attributes.ContainsKey("helix.entity.is_operation"))
                .DistinctBy(span => span.Attributes["helix.entity.id"])
                .Select(span => span.Attributes.GetValueOrDefault("chime.resource_type", "unknown_type"))),
            OperationsByName = Count(ours
                .Where(span => span.Attributes.GetValueOrDefault("helix.entity.is_operation") == "true")
                .Select(span => span.Name)),
            ErrorsByMessage = Count(ours
                .SelectMany(span => span.Events)
                .Where(e => e.Name == "helix.error")
                .Select(e => e.Attributes.GetValueOrDefault("message", "(no message)"))),
            EventsByName = Count(ours
                .SelectMany(span => span.Events)
                .Where(e => e.Name.StartsWith("helix.event.", StringComparison.Ordinal))
                .Select(e => e.Name)),
            LogRecords = logs.Count(log => log.ServiceName == serviceName),
            Spans = ours.Count,
        };
    }

    public override string ToString()
    {
        StringBuilder text = new();
        text.AppendLine("== What reached the receiver ==");
        text.AppendLine($"entities      {Join(EntitiesByType)}");
        text.AppendLine($"operations    {Join(OperationsByName)}");
        text.AppendLine($"errors        {Errors} ({Join(ErrorsByMessage)})");
        text.AppendLine($"events        {Events} ({Join(EventsByName)})");
        text.AppendLine($"log records   {LogRecords}");
        text.Append($"spans         {Spans}");
        return text.ToString();
    }

    private static Dictionary<string, int> Count(IEnumerable<string> keys) =>
        keys.GroupBy(key => key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    private static string Join(IReadOnlyDictionary<string, int> counts) => counts.Count == 0
        ? "none"
        : string.Join(' ', counts.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key + "=" + pair.Value.ToString(CultureInfo.InvariantCulture)));
}
