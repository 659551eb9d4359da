using System.Globalization;
using System.Text;
using ChimeLogger.Benchmarks.Burst;
using ChimeLogger.Benchmarks.Ceiling;
using ChimeLogger.Benchmarks.Export;
using ChimeLogger.Benchmarks.Interleaved;

namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>Writes docs/benchmarks.md: how to reproduce, machine, goals with PASS/MISS, misses explained, the tables.</summary>
internal static class ReportWriter
{

    /// <summary>Opens the part of docs/benchmarks.md this program writes; everything outside it is written by hand.</summary>
    public const string MeasuredStart = "<!-- measured:start (written by the benchmark program from its last run; edit the sections outside these markers) -->";

    /// <summary>Closes the written part.</summary>
    public const string MeasuredEnd = "<!-- measured:end -->";

    /// <summary>
    /// The report: <paramref name="existing"/> (the current docs/benchmarks.md) with its measured part replaced by this
    /// run's, so that the hand-written analysis around it stays; without the markers, the measured part alone.
    /// </summary>
    public static string Write(RunRecord run, string? existing)
    {
        string measured = MeasuredStart + "\n" + WriteMeasured(run).TrimEnd() + "\n" + MeasuredEnd;
        if (existing is not null)
        {
            int start = existing.IndexOf(MeasuredStart, StringComparison.Ordinal);
            int end = existing.IndexOf(MeasuredEnd, StringComparison.Ordinal);
            if (start >= 0 && end > start)
            {
                return (existing[..start] + measured + existing[(end + MeasuredEnd.Length)..]).ReplaceLineEndings("\n");
            }
        }

        return ("# ChimeLogger benchmarks (measured part only)\n\nThe analysis of these figures is in docs/benchmarks.md.\n\n" + measured + "\n").ReplaceLineEndings("\n");
    }

    private static string WriteMeasured(RunRecord run)
    {
        IReadOnlyList<GoalOutcome> goals = Goals.Evaluate(run);
        StringBuilder md = new();
        MachineInfo m = run.Machine;

        if (run.Quick)
        {
            md.AppendLine("> **Quick smoke run: one iteration per case. These numbers are not measurements.**");
            md.AppendLine();
        }

        md.AppendLine("## Machine and run");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| Date (UTC) | {m.Started:yyyy-MM-dd HH:mm} (run took {run.Elapsed:hh\\:mm\\:ss}) |");
        md.AppendLine($"| CPU | {m.CpuModel} |");
        md.AppendLine($"| Cores | {m.LogicalCores} logical ({m.PhysicalCores} physical per socket) |");
        md.AppendLine($"| Memory | {m.Memory} |");
        md.AppendLine($"| OS | {m.OperatingSystem} ({m.Kernel}) |");
        md.AppendLine($"| .NET runtime | {m.Runtime} |");
        md.AppendLine($"| BenchmarkDotNet | {m.BenchmarkDotNetVersion} |");
        md.AppendLine($"| Commit | {m.Commit} (plus uncommitted changes, if any, at run time) |");
        md.AppendLine($"| Load average (1/5/15 min) | start {m.LoadAtStart}; after the BenchmarkDotNet cases {run.LoadAfterBenchmarks}; end {run.LoadAtEnd} |");
        md.AppendLine($"| Other `dotnet` processes (builds, tests) | {m.OtherDotnetProcessesAtStart} at start, {run.OtherDotnetProcessesAtEnd} at end |");
        if (run.LoadDuringBenchmarks is { } during)
        {
            md.AppendLine($"| During the BenchmarkDotNet cases (every 5 s) | {during} |");
        }

        if (run.LoadDuringProcessRuns is { } processRuns)
        {
            md.AppendLine($"| During the export, burst, ceiling and interleaved runs (every 5 s) | {processRuns} |");
        }

        md.AppendLine();

        WriteGoals(md, goals, run.Export);
        WriteFigures(md, run.Cases);
        WriteBurst(md, run.Burst);
        WriteCeiling(md, run.Ceiling);
        WriteInterleavedRatio(md, "Synchronous", run.SyncRatio);
        WriteInterleavedRatio(md, "Asynchronous (a `Task<int>` complete when returned)", run.AsyncRatio);
        WriteInterleavedRatio(md, "Asynchronous, completing later (`Task.Yield`)", run.LaterRatio);
        WriteTables(md, run.Tables);
        WriteExport(md, run);
        return md.ToString();
    }

    private static void WriteGoals(StringBuilder md, IReadOnlyList<GoalOutcome> goals, ExportThroughputResult? export)
    {
        md.AppendLine("## Goals");
        md.AppendLine();
        md.AppendLine("Ratios of means from this run. \"Within noise\" means the bound lies inside the range spanned by the 99.9%");
        md.AppendLine("confidence intervals of the two means: the verdict could flip on a re-run.");
        md.AppendLine();
        md.AppendLine("| Goal | Target | Measured | Result | Margin | Analysis |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (GoalOutcome goal in goals)
        {
            string verdict = goal.Verdict switch
            {
                Verdict.Pass => "PASS",
                Verdict.Miss => "**MISS**",
                Verdict.Reported => "reported",
                _ => "not measured",
            };
            if (goal.WithinNoise)
            {
                verdict += " (within noise)";
            }

            md.AppendLine($"| {goal.Goal} | {goal.Target} | {goal.Measured} | {verdict} | {goal.Margin} | [why](#{goal.Analysis}) |");
        }

        string exportRate = export?.SustainedRate is { } rate
            ? rate.ToString("N0", CultureInfo.InvariantCulture) + " spans/s with 0 dropped"
            : export is null ? "not measured" : "no rate confirmed clean";
        md.AppendLine($"| Export: sustained rate to the Aspire dashboard (its ingest rate, not ChimeLogger's) | report | {exportRate} | reported | see [the dashboard section](#export-throughput-to-the-aspire-dashboard) | [why](#why-dashboard) |");
        md.AppendLine();
    }

    private static void WriteFigures(StringBuilder md, IReadOnlyList<CaseResult> cases)
    {
        List<(string Goal, string Figures)> figures = GoalFigures.All(cases).ToList();
        if (figures.Count == 0)
        {
            return;
        }

        md.AppendLine("## Figures behind the goals");
        md.AppendLine();
        md.AppendLine("| Case | This run |");
        md.AppendLine("|---|---|");
        foreach ((string goal, string text) in figures)
        {
            md.AppendLine($"| {goal} | {text} |");
        }

        md.AppendLine();
    }

    private static void WriteBurst(StringBuilder md, BurstResult? burst)
    {
        md.AppendLine("## Burst at start");
        md.AppendLine();
        if (burst is null)
        {
            md.AppendLine("Not measured in this run (see the run's output).");
            md.AppendLine();
            return;
        }

        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"`Setup` with default options (export queue {ChimeLoggerOptions.DefaultExportQueueSize:N0}), then {BurstTrial.Spans:N0} operate spans from one loop, each run in a fresh process."));
        md.AppendLine();
        md.AppendLine("| Receiver | Exported | Dropped | Failed | Held by the receiver | Emitted in (ms) | All exported after (ms) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (BurstTrialResult t in burst.Trials)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {t.Receiver} | {t.Exported:N0} | {t.Dropped:N0} | {t.Failed:N0} | {(t.InReceiver is { } held ? held.ToString("N0", CultureInfo.InvariantCulture) : "acknowledged, not kept")} | {t.EmitMilliseconds:N0} | {t.DrainMilliseconds:N0} |"));
        }

        md.AppendLine();
        md.AppendLine("Memory with the span queue and the log record queue both full (the exporter sends to an endpoint that never answers),");
        md.AppendLine("managed heap after a full collection and the process's peak working set:");
        md.AppendLine();
        md.AppendLine("| Queue size | Spans queued | Records queued | Managed heap before | Managed heap full | Working set before | Peak working set |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (QueueMemoryResult q in burst.Memory)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {q.QueueSize:N0} | {q.SpansQueued:N0} | {q.RecordsQueued:N0} | {Mib(q.HeapBefore)} | {Mib(q.HeapFull)} | {Mib(q.WorkingSetBefore)} | {Mib(q.PeakWorkingSet)} |"));
        }

        md.AppendLine();
    }

    private static void WriteCeiling(StringBuilder md, CeilingResult? ceiling)
    {
        md.AppendLine("## Export ceiling: ChimeLogger beside plain OpenTelemetry");
        md.AppendLine();
        if (ceiling is null)
        {
            md.AppendLine("Not measured in this run (see the run's output).");
            md.AppendLine();
            return;
        }

        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Each trial is a fresh process that emits as fast as one thread can and flushes, to the discarding receiver (`tools/ChimeLogger.CountingReceiver`, a separate process); batches of {CeilingTrial.BatchSize}, a queue as large as the trial, {CeilingTrial.ScheduledDelayMilliseconds / 1000} s schedule, {CeilingTrial.ExporterTimeoutMilliseconds / 1000} s timeout on both sides. "));
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Rate = items / (first item to flush complete). CPU is this process's user + system time over the same interval. Bytes = bytes the process sent over sockets, per item. The two subjects alternate in order, round after round. ChimeLogger's log trials also export one operate span per {CeilingTrial.RecordsPerSpan} records (the span the records are logged in)."));
        md.AppendLine();
        md.AppendLine("| Subject | Items | Round | Items / s | CPU us / item (exporting process) | Bytes on the wire / item | CPU us / item (receiver) | All received |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (CeilingTrialResult t in ceiling.Trials.OrderBy(static t => t.Kind).ThenBy(static t => t.Round))
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {t.Subject} | {t.Items:N0} {t.Kind} | {t.Round} | {t.ItemsPerSecond:N0} | {t.CpuMicrosecondsPerItem:F2} | {t.BytesPerItem:F0} | {t.ReceiverCpuMicrosecondsPerItem:F2} | {(t.AllReceived ? "yes" : "**no**")} |"));
        }

        md.AppendLine();
        md.AppendLine("| Medians | Items / s | CPU us / item | Bytes / item |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (string kind in new[] { CeilingResult.Spans, CeilingResult.LogRecords })
        {
            foreach (string subject in new[] { CeilingResult.ChimeLogger, CeilingResult.PlainOpenTelemetry })
            {
                double? rate = ceiling.Median(subject, kind, static t => t.ItemsPerSecond);
                double? cpu = ceiling.Median(subject, kind, static t => t.CpuMicrosecondsPerItem);
                double? bytes = ceiling.Median(subject, kind, static t => t.BytesPerItem);
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {subject}, {kind} | {rate:N0} | {cpu:F2} | {bytes:F0} |"));
            }
        }

        md.AppendLine();
    }

    private static void WriteInterleavedRatio(StringBuilder md, string shape, InterleavedRatioResult? ratio)
    {
        md.AppendLine($"## {shape} generated / hand-written, interleaved processes");
        md.AppendLine();
        if (ratio is null)
        {
            md.AppendLine("Not measured in this run (see the run's output).");
            md.AppendLine();
            return;
        }

        md.AppendLine("Each process sets up the listening case, warms both subjects up, then times them in alternating blocks of calls (the order");
        md.AppendLine("swapped every round) and reports the median of its per-round ratios. Per process:");
        md.AppendLine();
        md.AppendLine(string.Join(", ", ratio.Ratios.Select(static r => r.ToString("F3", CultureInfo.InvariantCulture))) + ".");
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Median {ratio.Median:F3}; quartiles {ratio.LowerQuartile:F3} to {ratio.UpperQuartile:F3}; range {ratio.Lowest:F3} to {ratio.Highest:F3}."));
        md.AppendLine();
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    private static void WriteTables(StringBuilder md, IReadOnlyList<ResultTable> tables)
    {
        md.AppendLine("## BenchmarkDotNet results");
        md.AppendLine();
        md.AppendLine("One table per benchmark class, grouped by category; Ratio is against the category's baseline (the plain call,");
        md.AppendLine("the plain log call, the full generator run). Error is half the 99.9% confidence interval.");
        md.AppendLine();
        foreach (ResultTable table in tables)
        {
            md.AppendLine("### " + table.Title);
            md.AppendLine();
            md.AppendLine(table.Markdown);
            md.AppendLine();
        }
    }

    private static void WriteExport(StringBuilder md, RunRecord run)
    {
        md.AppendLine("## Export throughput to the Aspire dashboard");
        md.AppendLine();
        if (run.Export is not { } export)
        {
            md.AppendLine("Not measured: " + (run.ExportError ?? "the measurement did not run") + ".");
            md.AppendLine();
            return;
        }

        md.AppendLine("One producer thread emits operate spans at a fixed rate (bursts every millisecond) through `ChimeTracer.Operate`;");
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"OpenTelemetry's batch processor, with ChimeLogger's export settings (queue {ChimeLoggerOptions.DefaultExportQueueSize:N0}, batches of 512,"));
        md.AppendLine("5 s schedule, 30 s timeout), hands them to the OTLP/gRPC exporter, which ships them to the Aspire dashboard started");
        md.AppendLine($"on this machine (`{Path.GetFileName(export.ReceiverExecutable)}`). Each trial lasts a few seconds and ends with a flush.");
        md.AppendLine("Dropped = emitted - handed to the exporter (the batch queue was full). Backlog = spans not yet handed to the exporter");
        md.AppendLine("when production stopped (queued, or dropped). A trial is clean when nothing was dropped, no export failed, the producer kept at least 97% of the pace and");
        md.AppendLine("the backlog was at most three batches (a queue still growing would drop in a longer trial). CPU columns: microseconds");
        md.AppendLine("of CPU per span in this process (producer, batch thread, serialisation, gRPC) and in the receiver's process tree.");
        md.AppendLine();
        md.AppendLine("| Target /s | Achieved /s | Emitted | Exported | Dropped | Failed | Backlog | Batches | ms / batch | CPU us/span here | CPU us/span receiver | Clean |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (ExportTrial trial in export.Trials)
        {
            md.AppendLine(Row(trial));
        }

        md.AppendLine();
        if (export.Confirmation is { } confirmation)
        {
            md.AppendLine(export.SustainedRate is { } rate
                ? string.Create(CultureInfo.InvariantCulture, $"**Sustained rate with no drops: {rate:N0} spans/s.** ")
                : "**No rate was confirmed clean in this run** (the receiver's pace varies with the machine's load). ");
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Last confirmation run, at {confirmation.TargetRate:N0} spans/s under a service name of its own: emitted {confirmation.Emitted:N0}, "));
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"exported {confirmation.Exported:N0}, dropped {confirmation.Dropped:N0}, failed {confirmation.Failed:N0}; the receiver reports {export.ReceivedByReceiver:N0} spans for that service."));
            md.AppendLine();
            md.AppendLine("| Confirmation | Target /s | Achieved /s | Emitted | Exported | Dropped | Failed | Backlog | Batches | ms / batch | CPU us/span here | CPU us/span receiver | Clean |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            md.AppendLine("| last run " + Row(confirmation));
        }
        else
        {
            md.AppendLine("No trial was clean: no sustained rate can be reported from this run.");
        }

        md.AppendLine();
    }

    private static string Row(ExportTrial t) => string.Create(CultureInfo.InvariantCulture,
        $"| {t.TargetRate:N0} | {t.AchievedRate:N0} | {t.Emitted:N0} | {t.Exported:N0} | {t.Dropped:N0} | {t.Failed:N0} | {t.Backlog:N0} | {t.Batches:N0} | {t.MillisecondsPerBatch:F1} | {t.ProducerCpuMicrosecondsPerSpan:F1} | {t.ReceiverCpuMicrosecondsPerSpan:F1} | {(t.IsClean ? "yes" : "no")} |");
}
