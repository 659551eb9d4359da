using System.Globalization;
using System.Text;

namespace ChimeLogger.LocalReceiver.Model;

/// <summary>A short account of what reached the receiver: counts by service, span name and severity.</summary>
public sealed record TelemetrySummary
{
    /// <summary>How many spans arrived.</summary>
    public int SpanCount { get; init; }

    /// <summary>How many distinct traces those spans belong to.</summary>
    public int TraceCount { get; init; }

    /// <summary>How many spans have status Error.</summary>
    public int ErrorSpanCount { get; init; }

    /// <summary>How many log records arrived.</summary>
    public int LogCount { get; init; }

    /// <summary>The <c>service.name</c> of every resource that sent spans or logs, sorted.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Span counts by span name, sorted by name.</summary>
    public IReadOnlyDictionary<string, int> SpansByName { get; init; } = new Dictionary<string, int>();

    /// <summary>Log counts by severity text, sorted by text.</summary>
    public IReadOnlyDictionary<string, int> LogsBySeverity { get; init; } = new Dictionary<string, int>();

    /// <summary>Summarises <paramref name="spans"/> and <paramref name="logs"/>.</summary>
    /// <param name="spans">Spans read from the receiver.</param>
    /// <param name="logs">Log records read from the receiver.</param>
    /// <returns>The summary.</returns>
    public static TelemetrySummary Of(IReadOnlyList<ReceivedSpan> spans, IReadOnlyList<ReceivedLog> logs)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(logs);
        return new TelemetrySummary
        {
            SpanCount = spans.Count,
            TraceCount = spans.Select(span => span.TraceId).Distinct(StringComparer.Ordinal).Count(),
            ErrorSpanCount = spans.Count(span => span.Status.Code == ReceivedStatusCode.Error),
            LogCount = logs.Count,
            Services = spans.Select(span => span.ServiceName)
                .Concat(logs.Select(log => log.ServiceName))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToArray(),
            SpansByName = CountBy(spans.Select(span => span.Name)),
            LogsBySeverity = CountBy(logs.Select(log => log.SeverityText)),
        };
    }

    /// <summary>A few lines for a console: totals, then spans by name and logs by severity.</summary>
    /// <returns>The summary text.</returns>
    public override string ToString()
    {
        StringBuilder text = new();
        text.Append(CultureInfo.InvariantCulture,
            $"{SpanCount} spans in {TraceCount} traces ({ErrorSpanCount} with status Error), {LogCount} log records");
        if (Services.Count > 0)
        {
            text.Append(" from ").Append(string.Join(", ", Services));
        }

        text.AppendLine();
        foreach ((string name, int count) in SpansByName)
        {
            text.Append(CultureInfo.InvariantCulture, $"  span {name}: {count}").AppendLine();
        }

        foreach ((string severity, int count) in LogsBySeverity)
        {
            text.Append(CultureInfo.InvariantCulture, $"  log {severity}: {count}").AppendLine();
        }

        return text.ToString();
    }

    private static SortedDictionary<string, int> CountBy(IEnumerable<string> keys)
    {
        SortedDictionary<string, int> counts = new(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
