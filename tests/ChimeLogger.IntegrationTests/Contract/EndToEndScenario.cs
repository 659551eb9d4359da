using ChimeLogger.IntegrationTests.Infrastructure;
using ChimeLogger.LocalReceiver.Model;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger.IntegrationTests.Contract;

/// <summary>
/// A small pipeline run through the manual API, exported to the shared Aspire dashboard and, by a second OTLP
/// exporter, to a wire recorder (to see value types and severity texts the dashboard does not keep). It runs
/// once per test class; each test asserts one part of docs/helix-contract.md §1-§4 on what arrived.
/// </summary>
public sealed class EndToEndScenario
{
    public const string BlockStage = "n2-block";
    public const string SearchStage = "l1-search";
    public const string ChildName = "catalog-lookup";
    public const string Operation = "classify";
    public const string DeferredOperation = "register";
    public const string OrphanOperation = "cleanup";
    public const string Site = "kko";
    public const string L1Category = "CHIME.l1";

    // Distinct messages (no placeholders) so that each record is found by its body alone.
    public const string BlockMessage = "block ready";
    public const string BeamStartMessage = "processing beam";
    public const string BeamWarningMessage = "low snr on beam";
    public const string ChildMessage = "catalog lookup done";
    public const string ClassifiedMessage = "event classified";
    public const string ReplicationMessage = "replication failed";
    public const string CriticalMessage = "event store unavailable";
    public const string DebugMessage = "lookup details";
    public const string TraceMessage = "lookup internals";
    public const string BeamEndMessage = "beam done";
    public const string BeforeIdMessage = "registering, id not known yet";
    public const string AfterIdMessage = "registered";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Result? _result;

    public static string OtherCategory => typeof(EndToEndScenario).FullName!;

    public async Task<Result> RunOnceAsync(ReceiverFixture receiver)
    {
        await _gate.WaitAsync();
        try
        {
            return _result ??= await RunAsync(receiver);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<Result> RunAsync(ReceiverFixture receiver)
    {
        string pipeline = TestSetup.UniquePipeline("e2e");
        string suffix = pipeline[^8..];
        string blockId = "block-" + suffix;
        string beamId = "beam-" + suffix;
        string unknownParent = "block-from-another-process-" + suffix;
        string eventId = "event-" + suffix;
        string registeredId = "registered-" + suffix;

        using TempDirectory directory = new();
        await using FakeHerald wire = await FakeHerald.StartAsync();
        ChimeTracer tracer = ChimeTelemetry.Setup(pipeline, options =>
        {
            TestSetup.Isolate(options, directory, receiver.Receiver.OtlpGrpcEndpoint, receiver.Receiver.OtlpGrpcEndpoint);
            options.Site = Site;
            options.MinimumLogLevel = LogLevel.Trace;
            options.ConfigureTracing = tracing => tracing.AddOtlpExporter(otlp => ExportTo(otlp, wire.OtlpEndpoint));
            options.ConfigureLogging = logging => logging.AddOtlpExporter(otlp => ExportTo(otlp, wire.OtlpEndpoint));
        });
        string fileLog;
        try
        {
            ILogger l1 = tracer.CreateLogger(L1Category);
            ILogger other = tracer.CreateLogger<EndToEndScenario>();

            using (tracer.Create(BlockStage, blockId, "n2_block"))
            {
                l1.LogInformation(BlockMessage);
            }

            using (tracer.Create(SearchStage, beamId, "n2_acquisition", parents: [blockId, unknownParent]))
            {
                l1.LogInformation(BeamStartMessage);
                other.LogWarning(BeamWarningMessage);
                using (tracer.ChildSpan(ChildName))
                {
                    other.LogInformation(ChildMessage);
                    other.LogDebug(DebugMessage);
                    other.LogTrace(TraceMessage);
                }

                HelixToken operation = tracer.Operate(Operation, eventId, "event");
                try
                {
                    operation.AddEvent("helix.event.classified", new Dictionary<string, object?>
                    {
                        ["classification"] = "astrophysical",
                        ["snr"] = 12.5,
                        ["beam_count"] = 4,
                        ["rfi"] = false,
                    });
                    l1.LogInformation(ClassifiedMessage);
                    operation.AddError(new Dictionary<string, object?>
                    {
                        ["message"] = "replication_timeout",
                        ["destination"] = "minoc",
                        ["attempt"] = 3,
                    });
                    other.LogError(ReplicationMessage);
                    other.LogCritical(CriticalMessage);
                    operation.Error(new Dictionary<string, object?>
                    {
                        ["message"] = "classification_failed",
                        ["detail"] = "no beam above threshold",
                    });
                }
                finally
                {
                    operation.Dispose(); // a no-op after Error: still exactly one span
                }

                l1.LogInformation(BeamEndMessage);
            }

            // An operation whose entity id is known only once the work has started (deferred id).
            HelixToken register = tracer.Operate(DeferredOperation, resourceName: null, resourceType: "event");
            l1.LogInformation(BeforeIdMessage);
            register.SetEntityId(registeredId);
            l1.LogInformation(AfterIdMessage);
            register.Complete(new Dictionary<string, object?> { ["rows"] = 3, ["catalog"] = "chimefrb" });

            // An operation that never learns its entity: the span is exported, and the user is warned.
            using (tracer.Operate(OrphanOperation, resourceName: null, resourceType: "event"))
            {
            }
        }
        finally
        {
            tracer.Dispose();
        }

        fileLog = directory.ReadAllText();
        string serviceName = "chime." + pipeline;
        IReadOnlyList<ReceivedSpan> spans = await receiver.WaitForSpansAsync(serviceName, 6);
        IReadOnlyList<ReceivedLog> logs = await receiver.WaitForLogsAsync(serviceName, found => found.Count >= 13);
        IReadOnlyList<ReceivedResource> resources = await receiver.Receiver.GetResourcesAsync();
        ReceivedSpan search = spans.Single(s => s.Name == SearchStage);
        ReceivedSpan operate = spans.Single(s => s.Name == Operation);
        IReadOnlyList<ReceivedSpan> searchTrace = await receiver.Receiver.GetTraceAsync(search.TraceId);
        IReadOnlyList<ReceivedSpan> operateTrace = await receiver.Receiver.GetTraceAsync(operate.TraceId);

        List<WireSpan> wireSpans = wire.TraceExports.SelectMany(e => OtlpWire.ReadSpans(e.Message)).ToList();
        List<WireLog> wireLogs = wire.LogExports.SelectMany(e => OtlpWire.ReadLogs(e.Message)).ToList();

        return new Result
        {
            Pipeline = pipeline,
            ServiceName = serviceName,
            BlockId = blockId,
            BeamId = beamId,
            UnknownParent = unknownParent,
            EventId = eventId,
            RegisteredId = registeredId,
            Spans = spans,
            Logs = logs,
            Resources = resources,
            SearchTrace = searchTrace,
            OperateTrace = operateTrace,
            WireSpans = wireSpans,
            WireLogs = wireLogs,
            FileLog = fileLog,
        };
    }

    private static void ExportTo(OtlpExporterOptions otlp, Uri endpoint)
    {
        otlp.Endpoint = endpoint;
        otlp.Protocol = OtlpExportProtocol.Grpc;
    }

    public sealed class Result
    {
        public required string Pipeline { get; init; }
        public required string ServiceName { get; init; }
        public required string BlockId { get; init; }
        public required string BeamId { get; init; }
        public required string UnknownParent { get; init; }
        public required string EventId { get; init; }
        public required string RegisteredId { get; init; }
        public required IReadOnlyList<ReceivedSpan> Spans { get; init; }
        public required IReadOnlyList<ReceivedLog> Logs { get; init; }
        public required IReadOnlyList<ReceivedResource> Resources { get; init; }
        public required IReadOnlyList<ReceivedSpan> SearchTrace { get; init; }
        public required IReadOnlyList<ReceivedSpan> OperateTrace { get; init; }
        public required IReadOnlyList<WireSpan> WireSpans { get; init; }
        public required IReadOnlyList<WireLog> WireLogs { get; init; }
        public required string FileLog { get; init; }

        public ReceivedSpan Span(string name) => Spans.Single(s => s.Name == name);

        public ReceivedLog Log(string body) => Logs.Single(l => l.Body == body);

        public WireLog WireLog(string body) => WireLogs.Single(l => Equals(l.Body, body));
    }
}
