using System.Globalization;
using ChimeLogger.LocalReceiver.Otlp;
using ChimeLogger.Testing;

namespace ChimeLogger.Benchmarks.EntityView;

/// <summary>
/// What a large FRB run sends, built in memory as the entity view's front keeps it: raw data blocks, the beams L1 found
/// in them, events clustered from beams, and for each event the operations of the sample pipeline (classify, register,
/// four replications, a conversion), with replication timeouts and failed conversions on some, and log records in every
/// entity. The spans are in the order they would end.
/// </summary>
internal static class FrbShapedTelemetry
{
    public const int BeamsPerBlock = 6;
    public const int BeamsPerEvent = 2;

    private static readonly string[] s_destinations = ["chime-archive", "kko", "gbo", "hco"];

    /// <summary>About <paramref name="entities"/> entities: a tenth blocks, six tenths beams, three tenths events.</summary>
    public static (List<RecordedSpan> Spans, List<RecordedLog> Logs) Build(int entities)
    {
        List<RecordedSpan> spans = [];
        List<RecordedLog> logs = [];
        DateTimeOffset clock = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        int blocks = entities / 10;
        int sequence = 0;
        for (int b = 0; b < blocks; b++)
        {
            string block = $"astro_bench_{b:D5}";
            spans.Add(Create("ingest", block, "raw_data", [], ref clock, ref sequence));
            logs.Add(Log(block, "raw_data", "INFO", $"Ingested {block}", clock));

            string[] beams = new string[BeamsPerBlock];
            for (int i = 0; i < BeamsPerBlock; i++)
            {
                beams[i] = $"{block}-beam{i:D4}";
                spans.Add(Create("l1-search", beams[i], "n2_acquisition", [block], ref clock, ref sequence));
                logs.Add(Log(beams[i], "n2_acquisition", "INFO", $"Candidate in {beams[i]}", clock));
            }

            for (int e = 0; e < BeamsPerBlock / BeamsPerEvent; e++)
            {
                string evt = $"evt-bench-{b:D5}-{e}";
                spans.Add(Create("l2l3-clustering", evt, "event", beams.Skip(e * BeamsPerEvent).Take(BeamsPerEvent).ToArray(), ref clock, ref sequence));
                logs.Add(Log(evt, "event", "INFO", $"Event {evt} from {BeamsPerEvent} beams", clock));
                spans.Add(Operate("classify", evt, [Event("helix.event.classified", ("dm", 556.2), ("snr", 12.5))], ref clock, ref sequence));
                spans.Add(Operate("register", evt, [], ref clock, ref sequence));
                foreach (string destination in s_destinations)
                {
                    bool timedOut = (b + e + destination.Length) % 7 == 0;
                    spans.Add(Operate("replicate", evt, timedOut ? [Error("replication_timeout", "replicate", ("destination", destination))] : [], ref clock, ref sequence));
                    logs.Add(Log(evt, "event", timedOut ? "WARNING" : "INFO", $"Copy of {evt} to {destination}", clock));
                }

                bool failed = (b * 3 + e) % 11 == 0;
                spans.Add(Operate("convert-filterbank", evt, failed ? [Error("conversion_failed", "convert-filterbank", ("detail", "header truncated"))] : [], ref clock, ref sequence));
            }
        }

        return (spans, logs);
    }

    private static RecordedSpan Create(string stage, string id, string type, string[] parents, ref DateTimeOffset clock, ref int sequence)
    {
        List<KeyValuePair<string, object?>> attributes =
        [
            new("helix.entity.id", id), new("helix.instrument.id", "CHIME"), new("chime.resource_type", type),
            new("chime.pipeline", "frb-bench"), new("chime.site", "chime"), new("helix.process.name", "CHIME/frb-bench"),
        ];
        if (parents.Length > 0)
        {
            attributes.Add(new("helix.parent.ids", string.Join(',', parents)));
        }

        return Span(stage, attributes, [], ref clock, ref sequence);
    }

    private static RecordedSpan Operate(string operation, string id, ReceivedSpanEvent[] events, ref DateTimeOffset clock, ref int sequence) =>
        Span(operation,
            [new("helix.entity.id", id), new("helix.entity.is_operation", "true"), new("helix.instrument.id", "CHIME"), new("chime.resource_type", "event"), new("chime.pipeline", "frb-bench"), new("chime.site", "chime")],
            events, ref clock, ref sequence);

    private static RecordedSpan Span(string name, List<KeyValuePair<string, object?>> attributes, ReceivedSpanEvent[] events, ref DateTimeOffset clock, ref int sequence)
    {
        sequence++;
        DateTimeOffset start = clock;
        clock = clock.AddMilliseconds(3);
        string traceId = sequence.ToString("x32", CultureInfo.InvariantCulture);
        string spanId = sequence.ToString("x16", CultureInfo.InvariantCulture);
        return new RecordedSpan(new ReceivedSpan(name, traceId, spanId, start, attributes, events), clock, "chime.frb-bench", events.Length > 0 ? 2 : 0, Kind: 1);
    }

    private static ReceivedSpanEvent Event(string name, params (string Key, object Value)[] attributes) =>
        new(name, DateTimeOffset.UnixEpoch, attributes.Select(static pair => new KeyValuePair<string, object?>(pair.Key, pair.Value)).ToArray());

    private static ReceivedSpanEvent Error(string message, string stage, (string Key, object Value) detail) =>
        Event("helix.error", ("message", message), ("stage", stage), detail);

    private static RecordedLog Log(string id, string type, string level, string message, DateTimeOffset time) =>
        new(new ReceivedLogRecord(time, level, message,
            [
                new("resource_name", id), new("resource_type", type), new("pipeline", "frb-bench"), new("site", "chime"),
                new("helix_entity_id", id), new("helix_instrument_id", "CHIME"), new("helix_process_name", "CHIME/frb-bench"),
            ],
            "CHIME.bench"),
            "chime.frb-bench",
            level == "WARNING" ? 13 : 9);
}
