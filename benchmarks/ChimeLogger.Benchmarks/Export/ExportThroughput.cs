using System.Diagnostics;
using System.Globalization;
using ChimeLogger.LocalReceiver;
using ChimeLogger.LocalReceiver.Model;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace ChimeLogger.Benchmarks.Export;

/// <summary>
/// Case 4, a measured mode of its own (not a BenchmarkDotNet case): how many operate spans per second
/// one producer thread can emit while the batch exporter ships them over OTLP/gRPC to a real receiver (the
/// Aspire dashboard, started here) with none dropped. The rate is found by pacing: trials at a fixed rate,
/// doubling while a trial is clean, then bisecting between the last clean and the first unclean rate.
/// A trial is clean when every emitted span reached the exporter, every export succeeded, the producer kept
/// the pace and the queue did not grow (at most three batches were still queued when production stopped). The found rate is then run once more and the receiver is asked how many spans it holds.
/// </summary>
/// <remarks>
/// The batch processor has OpenTelemetry's defaults, which are what ChimeLogger's own exporter uses:
/// the default queue (ChimeLoggerOptions.DefaultExportQueueSize), batches of 512, a scheduled export every 5 s and a 30 s export timeout.
/// </remarks>
internal sealed class ExportThroughput
{
    private static readonly int MaxQueueSize = ChimeLoggerOptions.DefaultExportQueueSize;
    private const int MaxExportBatchSize = 512;
    private const int ScheduledDelayMilliseconds = 5000;
    private const int ExporterTimeoutMilliseconds = 30000;
    private const double KeptPace = 0.97;
    private const double StartRate = 2_000;
    private const double MinRate = 125;
    private const double MaxRate = 1_024_000;
    private const int ConfirmationAttempts = 3;

    private readonly bool _quick;
    private readonly TextWriter _log;
    private readonly string[] _entityIds = Enumerable.Range(0, 4096).Select(static i => "evt-2026-" + i.ToString("000000", CultureInfo.InvariantCulture)).ToArray();

    public ExportThroughput(bool quick, TextWriter log)
    {
        _quick = quick;
        _log = log;
    }

    private TimeSpan TrialLength => _quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(8);

    private int BisectionSteps => _quick ? 1 : 5;

    public async Task<ExportThroughputResult> MeasureAsync()
    {
        LocalOtlpReceiverOptions receiverOptions = new();
        receiverOptions.Environment["Dashboard__TelemetryLimits__MaxTraceCount"] = Environment.GetEnvironmentVariable("BENCH_MAX_TRACES") ?? "250000";
        await using LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync(receiverOptions).ConfigureAwait(false);
        _log.WriteLine($"// Export throughput: receiver {receiver}");

        List<ExportTrial> trials = [];
        using (Pipeline search = Pipeline.Start("bench-export", receiver))
        {
            Run(search, 1_000, TimeSpan.FromSeconds(_quick ? 0.5 : 2)); // warm-up: JIT, connection, receiver

            // Double from the start rate while trials are clean, or halve while they are not.
            double clean = 0;
            double unclean = 0;
            double rate = StartRate;
            bool firstClean = Record(trials, Run(search, rate, TrialLength)).IsClean;
            if (firstClean)
            {
                clean = rate;
                while (unclean == 0 && rate < MaxRate)
                {
                    rate *= 2;
                    if (Record(trials, Run(search, rate, TrialLength)).IsClean)
                    {
                        clean = rate;
                    }
                    else
                    {
                        unclean = rate;
                    }
                }
            }
            else
            {
                unclean = rate;
                while (clean == 0 && rate > MinRate)
                {
                    rate /= 2;
                    if (Record(trials, Run(search, rate, TrialLength)).IsClean)
                    {
                        clean = rate;
                    }
                    else
                    {
                        unclean = rate;
                    }
                }
            }

            for (int step = 0; step < BisectionSteps && unclean > 0 && clean > 0; step++)
            {
                double middle = Math.Round((clean + unclean) / 2 / 50) * 50;
                if (middle <= clean || middle >= unclean)
                {
                    break;
                }

                if (Record(trials, Run(search, middle, TrialLength)).IsClean)
                {
                    clean = middle;
                }
                else
                {
                    unclean = middle;
                }
            }

            if (clean == 0)
            {
                return new ExportThroughputResult(trials, null, null, receiver.ExecutablePath);
            }

            // Confirm the best clean rate in a run of its own, under a service name of its own so that the receiver
            // can be asked for exactly those spans; if it is not clean again, step down and confirm again.
            search.Dispose();
            double confirmRate = clean;
            ExportTrial? confirmation = null;
            int received = 0;
            for (int attempt = 1; attempt <= ConfirmationAttempts; attempt++)
            {
                _log.WriteLine($"// Export throughput: confirming {confirmRate:N0} spans/s and reading back from the receiver");
                using Pipeline confirmPipeline = Pipeline.Start("bench-export-confirm-" + attempt.ToString(CultureInfo.InvariantCulture), receiver);
                TimeSpan length = TimeSpan.FromSeconds(Math.Min(TrialLength.TotalSeconds, 150_000 / confirmRate));
                confirmation = Run(confirmPipeline, confirmRate, length);
                IReadOnlyList<ReceivedSpan> spans = await receiver.GetSpansAsync(
                    new TelemetryQuery { Resource = confirmPipeline.ServiceName, Limit = (int)confirmation.Emitted + 1000 }).ConfigureAwait(false);
                received = spans.Count;
                _log.WriteLine($"// Export throughput: confirmation {confirmation}; receiver holds {received:N0}");
                if (confirmation.IsClean && received == confirmation.Emitted)
                {
                    break;
                }

                confirmRate = Math.Max(MinRate, Math.Round(confirmRate * 0.8 / 50) * 50);
            }

            return new ExportThroughputResult(trials, confirmation, received, receiver.ExecutablePath);
        }
    }

    private ExportTrial Record(List<ExportTrial> trials, ExportTrial trial)
    {
        trials.Add(trial);
        _log.WriteLine($"// Export throughput: {trial}");
        return trial;
    }

    private ExportTrial Run(Pipeline pipeline, double rate, TimeSpan length)
    {
        CountingOtlpExporter exporter = pipeline.Exporter;
        long receivedBefore = exporter.Received;
        long exportedBefore = exporter.Exported;
        long failedBefore = exporter.Failed;
        long batchesBefore = exporter.Batches;
        TimeSpan exportTimeBefore = exporter.ExportTime;
        TimeSpan ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan receiverCpuBefore = pipeline.ReceiverCpu();

        ChimeTracer tracer = pipeline.Tracer;
        long emitted = 0;
        Stopwatch clock = Stopwatch.StartNew();
        while (clock.Elapsed < length)
        {
            long due = (long)(rate * clock.Elapsed.TotalSeconds);
            while (emitted < due)
            {
                using HelixToken token = tracer.Operate("export-probe", _entityIds[emitted & 4095], "event");
                emitted++;
            }

            Thread.Sleep(1);
        }

        TimeSpan producing = clock.Elapsed;
        long backlog = emitted - (exporter.Received - receivedBefore);
        bool flushed = tracer.Flush(TimeSpan.FromSeconds(60)) && exporter.WaitForExportsInFlight(TimeSpan.FromSeconds(60));
        TimeSpan total = clock.Elapsed;
        long handed = exporter.Received - receivedBefore;
        return new ExportTrial(
            TargetRate: rate,
            Emitted: emitted,
            AchievedRate: emitted / producing.TotalSeconds,
            Exported: exporter.Exported - exportedBefore,
            Failed: exporter.Failed - failedBefore,
            Dropped: emitted - handed,
            Batches: exporter.Batches - batchesBefore,
            ExportTime: exporter.ExportTime - exportTimeBefore,
            Producing: producing,
            FlushTime: total - producing,
            Flushed: flushed,
            ProducerCpu: Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore,
            ReceiverCpu: pipeline.ReceiverCpu() - receiverCpuBefore,
            KeptPace: emitted >= rate * producing.TotalSeconds * KeptPace,
            Backlog: backlog);
    }

    /// <summary>ChimeLogger set up with the counting exporter behind a default batch processor.</summary>
    private sealed class Pipeline : IDisposable
    {
        private readonly int _receiverProcessId;

        private Pipeline(ChimeTracer tracer, CountingOtlpExporter exporter, int receiverProcessId)
        {
            Tracer = tracer;
            Exporter = exporter;
            _receiverProcessId = receiverProcessId;
        }

        public ChimeTracer Tracer { get; }

        public CountingOtlpExporter Exporter { get; }

        public string ServiceName => Tracer.ServiceName;

        public static Pipeline Start(string pipelineName, LocalOtlpReceiver receiver)
        {
            CountingOtlpExporter exporter = new(new OtlpExporterOptions
            {
                Endpoint = receiver.OtlpGrpcEndpoint,
                Protocol = OtlpExportProtocol.Grpc,
                TimeoutMilliseconds = ExporterTimeoutMilliseconds,
            });
            ChimeTracer tracer = ChimeTelemetry.Setup(pipelineName, options =>
            {
                options.OtlpExportEnabled = false;
                options.FileLogEnabled = false;
                options.Site = "chime";
                options.ShutdownTimeout = TimeSpan.FromSeconds(30);
                options.ConfigureTracing = tracing => tracing
                    .SetSampler(new AlwaysOnSampler())
                    .AddProcessor(new BatchActivityExportProcessor(
                        exporter, MaxQueueSize, ScheduledDelayMilliseconds, ExporterTimeoutMilliseconds, MaxExportBatchSize));
            });
            if (tracer.ServiceName != "chime." + pipelineName)
            {
                tracer.Dispose();
                throw new InvalidOperationException($"ChimeLogger was already set up in this process as '{tracer.ServiceName}'.");
            }

            return new Pipeline(tracer, exporter, receiver.ProcessId);
        }

        /// <summary>
        /// CPU time of the receiver: the process started and everything under it (on Linux a small watchdog shell
        /// whose child is the dashboard), read from /proc.
        /// </summary>
        public TimeSpan ReceiverCpu()
        {
            TimeSpan total = TimeSpan.Zero;
            foreach (int pid in ProcessTree.Descendants(_receiverProcessId).Prepend(_receiverProcessId))
            {
                try
                {
                    using Process process = Process.GetProcessById(pid);
                    total += process.TotalProcessorTime;
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    // exited meanwhile
                }
            }

            return total;
        }

        public void Dispose() => Tracer.Dispose();
    }
}

/// <summary>One paced trial.</summary>
internal sealed record ExportTrial(
    double TargetRate,
    long Emitted,
    double AchievedRate,
    long Exported,
    long Failed,
    long Dropped,
    long Batches,
    TimeSpan ExportTime,
    TimeSpan Producing,
    TimeSpan FlushTime,
    bool Flushed,
    TimeSpan ProducerCpu,
    TimeSpan ReceiverCpu,
    bool KeptPace,
    long Backlog)
{
    /// <summary>
    /// Spans still queued when production stopped may be at most three batches (of a queue of four): a queue that
    /// grows through the trial would drop in a longer one.
    /// </summary>
    public const long MaxBacklog = 1536;

    public bool IsClean => Dropped == 0 && Failed == 0 && Flushed && KeptPace && Backlog <= MaxBacklog;

    public double MillisecondsPerBatch => Batches == 0 ? 0 : ExportTime.TotalMilliseconds / Batches;

    public double ProducerCpuMicrosecondsPerSpan => Emitted == 0 ? 0 : ProducerCpu.TotalMicroseconds / Emitted;

    public double ReceiverCpuMicrosecondsPerSpan => Emitted == 0 ? 0 : ReceiverCpu.TotalMicroseconds / Emitted;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"target {TargetRate:N0}/s, achieved {AchievedRate:N0}/s, emitted {Emitted:N0}, exported {Exported:N0}, dropped {Dropped:N0}, failed {Failed:N0}, backlog {Backlog:N0}, " +
        $"{Batches} batches at {MillisecondsPerBatch:F1} ms, flush {FlushTime.TotalMilliseconds:F0} ms, CPU {ProducerCpuMicrosecondsPerSpan:F0} us/span here and {ReceiverCpuMicrosecondsPerSpan:F0} in the receiver, {(IsClean ? "clean" : "NOT clean")}");
}

/// <summary>The trials, the confirmation run at the sustained rate and what the receiver reported for it.</summary>
internal sealed record ExportThroughputResult(
    IReadOnlyList<ExportTrial> Trials,
    ExportTrial? Confirmation,
    int? ReceivedByReceiver,
    string ReceiverExecutable)
{
    /// <summary>
    /// The rate of the confirmation run when it was clean and the receiver holds every span it emitted;
    /// otherwise <see langword="null"/>.
    /// </summary>
    public double? SustainedRate => Confirmation is { IsClean: true } confirmation && ReceivedByReceiver == confirmation.Emitted
        ? confirmation.TargetRate
        : null;
}
