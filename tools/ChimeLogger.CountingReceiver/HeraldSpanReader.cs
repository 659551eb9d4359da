namespace ChimeLogger.CountingReceiver;

/// <summary>
/// What the herald reads from each span of an export (HelixObs's interceptor): the name, the trace id, and the system
/// attributes, seen only when they are strings. A span without a non-empty string <c>helix.entity.id</c> is a plain
/// trace; an entity span is an operation only when <c>helix.entity.is_operation</c> is the string <c>"true"</c>.
/// </summary>
internal sealed record HeraldSpan(string Name, string TraceId, string? EntityId, bool IsOperation, IReadOnlyList<string> ParentIds, string InstrumentId, DateTimeOffset End);

/// <summary>Reads <see cref="HeraldSpan"/>s from an <c>ExportTraceServiceRequest</c> (opentelemetry-proto field numbers).</summary>
internal static class HeraldSpanReader
{
    public static List<HeraldSpan> Read(ReadOnlyMemory<byte> request)
    {
        List<HeraldSpan> spans = [];
        foreach (ReadOnlyMemory<byte> resource in EntityIdReader.Fields(request, 1))
        {
            foreach (ReadOnlyMemory<byte> scope in EntityIdReader.Fields(resource, 2))
            {
                foreach (ReadOnlyMemory<byte> span in EntityIdReader.Fields(scope, 2))
                {
                    // Span: trace_id 1, name 5, end_time_unix_nano 8, attributes 9 (KeyValue: key 1, value 2; AnyValue: string_value 1).
                    Dictionary<string, string> strings = new(StringComparer.Ordinal);
                    foreach (ReadOnlyMemory<byte> attribute in EntityIdReader.Fields(span, 9))
                    {
                        string? key = EntityIdReader.Strings(attribute, 1).FirstOrDefault();
                        foreach (ReadOnlyMemory<byte> value in EntityIdReader.Fields(attribute, 2))
                        {
                            if (key is not null && EntityIdReader.Strings(value, 1).FirstOrDefault() is { } text)
                            {
                                strings[key] = text;
                            }
                        }
                    }

                    string? entityId = strings.TryGetValue("helix.entity.id", out string? id) && id.Length > 0 ? id : null;
                    string[] parents = strings.TryGetValue("helix.parent.ids", out string? joined)
                        ? joined.Split(',').Select(static parent => parent.Trim()).Where(static parent => parent.Length > 0).ToArray()
                        : [];
                    spans.Add(new HeraldSpan(
                        EntityIdReader.Strings(span, 5).FirstOrDefault() ?? "",
                        Convert.ToHexStringLower(EntityIdReader.Fields(span, 1).FirstOrDefault().Span),
                        entityId,
                        strings.TryGetValue("helix.entity.is_operation", out string? operation) && operation == "true",
                        parents,
                        strings.GetValueOrDefault("helix.instrument.id", ""),
                        DateTimeOffset.UnixEpoch.AddTicks((long)(EntityIdReader.Fixed64(span, 8) / 100))));
                }
            }
        }

        return spans;
    }
}
