using System.Collections;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChimeLogger.Benchmarks.Ceiling;

/// <summary>
/// One trial of the export ceiling, in a process of its own: ChimeLogger or plain OpenTelemetry, with the same batch
/// processor settings (queue = the number of items, so that nothing is dropped and the drain rate is the exporter's;
/// batches of 512, 5 s schedule, 30 s timeout), emits spans or enriched log records as fast as one thread can and
/// flushes. Prints <c>ceiling &lt;seconds&gt; &lt;cpu seconds&gt; &lt;bytes sent&gt; &lt;spans sent&gt; &lt;logs sent&gt;</c>,
/// where the counts include the warm-up, for the parent to check against the receiver.
/// </summary>
internal static class CeilingTrial
{
    public const string Argument = "--ceiling-trial";
    public const string ResultPrefix = "ceiling";
    public const int BatchSize = 512;
    public const int ScheduledDelayMilliseconds = 5000;
    public const int ExporterTimeoutMilliseconds = 30000;
    public const int RecordsPerSpan = 100;
    private const int WarmUp = 2_000;
    private const string Pipeline = "ceiling";
    private const string ResourceType = "event";
    private const string Site = "chime";

    private static readonly Action<ILogger, int, Exception?> s_processed =
        LoggerMessage.Define<int>(LogLevel.Information, new EventId(1, "Processed"), "Processed beam {Beam}");

    public static int Run(string subject, string kind, int count, Uri endpoint)
    {
        using SocketBytes bytes = new();
        bool spans = kind == "spans";
        long spansSent = 0, logsSent = 0;
        Action<int, int> emit;
        Func<bool> flush;
        IDisposable pipeline;
        if (subject == "chime")
        {
            ChimeTracer tracer = ChimeTelemetry.Setup(Pipeline, options =>
            {
                options.Site = Site;
                options.HeraldEndpoint = endpoint.ToString();
                options.LogsEndpoint = endpoint.ToString();
                options.FileLogEnabled = false;
                options.WarningsToStandardError = false;
                options.ExportQueueSize = count + WarmUp;
                options.ShutdownTimeout = TimeSpan.FromSeconds(30);
            });
            ILogger log = tracer.CreateLogger("CHIME.ceiling");
            emit = spans ? (from, n) => ChimeSpans(tracer, from, n) : (from, n) => ChimeRecords(tracer, log, from, n);
            flush = () => tracer.Flush(TimeSpan.FromMinutes(2));
            pipeline = tracer;
        }
        else
        {
            PlainPipeline plain = new(endpoint, count + WarmUp);
            emit = spans ? plain.Spans : plain.Records;
            flush = plain.Flush;
            pipeline = plain;
        }

        using (pipeline)
        {
            // Warm-up: the JIT, the gRPC connection and the receiver's first requests stay out of the measurement.
            emit(0, WarmUp);
            flush();
            Count(WarmUp);

            double bytesBefore = bytes.SentSoFar(TimeSpan.FromSeconds(5));
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            long started = Stopwatch.GetTimestamp();
            emit(WarmUp, count);
            bool flushed = flush();
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            double bytesAfter = bytes.SentSoFar(TimeSpan.FromSeconds(5));
            Count(count);
            if (!flushed)
            {
                Console.Error.WriteLine("The flush did not complete within two minutes.");
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ResultPrefix} {seconds:F4} {cpu.TotalSeconds:F4} {bytesAfter - bytesBefore:F0} {spansSent} {logsSent}"));
        }

        return 0;

        void Count(int n)
        {
            if (spans)
            {
                spansSent += n;
            }
            else
            {
                logsSent += n;
                if (subject == "chime")
                {
                    spansSent += (n + RecordsPerSpan - 1) / RecordsPerSpan; // the operate spans the records are logged in
                }
            }
        }
    }

    private static string EntityId(int i) => "evt-2026-" + i.ToString("0000000", CultureInfo.InvariantCulture);

    private static void ChimeSpans(ChimeTracer tracer, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            using HelixToken span = tracer.Operate("register", EntityId(i), ResourceType);
        }
    }

    private static void ChimeRecords(ChimeTracer tracer, ILogger log, int from, int count)
    {
        for (int i = from; i < from + count; i += RecordsPerSpan)
        {
            using HelixToken span = tracer.Operate("register", EntityId(i), ResourceType);
            for (int j = i; j < Math.Min(i + RecordsPerSpan, from + count); j++)
            {
                s_processed(log, j, null);
            }
        }
    }

    /// <summary>
    /// Plain OpenTelemetry doing the same by hand: an ActivitySource with the six attributes ChimeLogger puts on an operate
    /// span, and log records carrying, as their state, the nine fields ChimeLogger's enricher adds.
    /// </summary>
    private sealed class PlainPipeline : IDisposable
    {
        private static readonly ActivitySource s_source = new("ChimeLogger.Plain", "1.0.0");
        private readonly TracerProvider _traces;
        private readonly Microsoft.Extensions.DependencyInjection.ServiceProvider _logServices;
        private readonly LoggerProvider _logs;
        private readonly ILogger _log;
        private readonly string _instrumentId = ChimeLoggerOptions.DefaultInstrumentId;
        private readonly string _processName = "CHIME/" + Pipeline;

        public PlainPipeline(Uri endpoint, int queue)
        {
            ResourceBuilder resource = ResourceBuilder.CreateDefault()
                .AddService("chime." + Pipeline)
                .AddAttributes([new("helix.instrument.id", _instrumentId), new("helix.process.name", _processName)]);
            _traces = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(s_source.Name)
                .AddOtlpExporter(otlp => Configure(otlp, endpoint, queue))
                .Build()!;
            Microsoft.Extensions.DependencyInjection.ServiceCollection services = new();
            Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(services, logging => logging.AddOpenTelemetry(otel =>
            {
                otel.IncludeFormattedMessage = true;
                otel.IncludeScopes = true;
                otel.SetResourceBuilder(resource);
                otel.AddOtlpExporter((otlp, processor) =>
                {
                    otlp.Endpoint = endpoint;
                    otlp.Protocol = OtlpExportProtocol.Grpc;
                    processor.ExportProcessorType = ExportProcessorType.Batch;
                    processor.BatchExportProcessorOptions = new BatchExportLogRecordProcessorOptions
                    {
                        MaxQueueSize = queue,
                        MaxExportBatchSize = BatchSize,
                        ScheduledDelayMilliseconds = ScheduledDelayMilliseconds,
                        ExporterTimeoutMilliseconds = ExporterTimeoutMilliseconds,
                    };
                });
            }));
            _logServices = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
            _logs = (LoggerProvider)_logServices.GetService(typeof(LoggerProvider))!;
            _log = ((ILoggerFactory)_logServices.GetService(typeof(ILoggerFactory))!).CreateLogger("CHIME.ceiling");
        }

        private static void Configure(OtlpExporterOptions otlp, Uri endpoint, int queue)
        {
            otlp.Endpoint = endpoint;
            otlp.Protocol = OtlpExportProtocol.Grpc;
            otlp.ExportProcessorType = ExportProcessorType.Batch;
            otlp.BatchExportProcessorOptions = new BatchExportProcessorOptions<System.Diagnostics.Activity>
            {
                MaxQueueSize = queue,
                MaxExportBatchSize = BatchSize,
                ScheduledDelayMilliseconds = ScheduledDelayMilliseconds,
                ExporterTimeoutMilliseconds = ExporterTimeoutMilliseconds,
            };
        }

        public void Spans(int from, int count)
        {
            for (int i = from; i < from + count; i++)
            {
                using Activity? span = s_source.StartActivity("register");
                if (span is { IsAllDataRequested: true })
                {
                    span.AddTag("helix.entity.is_operation", "true");
                    span.AddTag("helix.entity.id", EntityId(i));
                    span.AddTag("helix.instrument.id", _instrumentId);
                    span.AddTag("chime.resource_type", ResourceType);
                    span.AddTag("chime.pipeline", Pipeline);
                    span.AddTag("chime.site", Site);
                }
            }
        }

        public void Records(int from, int count)
        {
            for (int i = from; i < from + count; i += RecordsPerSpan)
            {
                // An Activity nobody samples gives the records their trace and span ids, as the operate span does.
                using Activity span = new Activity("register").Start();
                string entityId = EntityId(i);
                for (int j = i; j < Math.Min(i + RecordsPerSpan, from + count); j++)
                {
                    _log.Log(LogLevel.Information, new EventId(1, "Processed"), new EnrichedState(j, entityId, span, _instrumentId, _processName), null, EnrichedState.Format);
                }
            }
        }

        public bool Flush() => _traces.ForceFlush(120_000) & _logs.ForceFlush(120_000);

        public void Dispose()
        {
            _traces.Dispose();
            _logServices.Dispose();
        }
    }

    /// <summary>The state of a plain log record: the message's own value and the nine fields ChimeLogger's enricher adds.</summary>
    private sealed class EnrichedState(int beam, string entityId, Activity span, string instrumentId, string processName)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public static readonly Func<EnrichedState, Exception?, string> Format = static (state, _) => "Processed beam " + state._beam.ToString(CultureInfo.InvariantCulture);

        private readonly int _beam = beam;

        public int Count => 11;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("Beam", _beam),
            1 => new("resource_name", entityId),
            2 => new("resource_type", ResourceType),
            3 => new("pipeline", Pipeline),
            4 => new("site", Site),
            5 => new("helix_entity_id", entityId),
            6 => new("helix_instrument_id", instrumentId),
            7 => new("helix_process_name", processName),
            8 => new("otel_trace_id", span.TraceId.ToHexString()),
            9 => new("otel_span_id", span.SpanId.ToHexString()),
            _ => new("{OriginalFormat}", "Processed beam {Beam}"),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (int i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
