using System.Globalization;
using System.Text;
using ChimeLogger.Benchmarks.Export;

namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>Writes docs/benchmarks.md: how to reproduce, machine, goals with PASS/MISS, misses explained, the tables.</summary>
internal static class ReportWriter
{
    public const string Command = "dotnet run -c Release --project benchmarks/ChimeLogger.Benchmarks -- --report";
    public const string QuickCommand = "dotnet run -c Release --project benchmarks/ChimeLogger.Benchmarks -- --quick";

    public static string Write(RunRecord run)
    {
        IReadOnlyList<GoalOutcome> goals = Goals.Evaluate(run.Cases);
        StringBuilder md = new();
        MachineInfo m = run.Machine;

        md.AppendLine("# ChimeLogger benchmarks");
        md.AppendLine();
        md.AppendLine("The overhead of ChimeLogger's instrumentation measured side by side with the alternatives, in one run.");
        md.AppendLine("This file is written by the benchmark program; do not edit it by hand. To reproduce (from the repository root,");
        md.AppendLine("on a quiet machine; it takes about 20 minutes):");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine(Command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine($"`{QuickCommand}` runs every case once (BenchmarkDotNet's Dry job, a short export search) as a smoke check and");
        md.AppendLine("writes its report to `BenchmarkDotNet.Artifacts/benchmarks-quick.md` instead. Its numbers mean nothing. See `benchmarks/README.md`.");
        md.AppendLine();
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
        md.AppendLine();
        md.AppendLine("The machine is shared (two cores): another process that ran during a case shows as a wider error column.");
        md.AppendLine();

        WriteGoals(md, goals, run.Export);
        WriteMisses(md, goals, run.Cases);
        WriteTables(md, run.Tables);
        WriteExport(md, run);
        md.AppendLine(Methodology.Text);
        return md.ToString().ReplaceLineEndings("\n");
    }

    private static void WriteGoals(StringBuilder md, IReadOnlyList<GoalOutcome> goals, ExportThroughputResult? export)
    {
        md.AppendLine("## Goals");
        md.AppendLine();
        md.AppendLine("Ratios of means from this run. \"Within noise\" means the bound lies inside the range spanned by the 99.9%");
        md.AppendLine("confidence intervals of the two means: the verdict could flip on a re-run.");
        md.AppendLine();
        md.AppendLine("| Goal | Target | Measured | Result | Margin |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (GoalOutcome goal in goals)
        {
            string verdict = goal.Verdict switch
            {
                Verdict.Pass => "PASS",
                Verdict.Miss => "**MISS**",
                _ => "not measured",
            };
            if (goal.WithinNoise)
            {
                verdict += " (within noise)";
            }

            md.AppendLine($"| {goal.Goal} | {goal.Target} | {goal.Measured} | {verdict} | {goal.Margin} |");
        }

        string exportRate = export?.SustainedRate is { } rate
            ? rate.ToString("N0", CultureInfo.InvariantCulture) + " spans/s with 0 dropped"
            : export is null ? "not measured" : "no rate confirmed clean";
        md.AppendLine($"| Export: sustained rate to the real receiver | report (sets the next goal) | {exportRate} | reported | see [Export throughput](#export-throughput) |");
        md.AppendLine();
    }

    private static void WriteMisses(StringBuilder md, IReadOnlyList<GoalOutcome> goals, IReadOnlyList<CaseResult> cases)
    {
        List<GoalOutcome> misses = goals.Where(static g => g.Verdict == Verdict.Miss).ToList();
        md.AppendLine("## Misses: by how much, why, what would close them");
        md.AppendLine();
        if (misses.Count == 0)
        {
            md.AppendLine("None in this run.");
            md.AppendLine();
            return;
        }

        Dictionary<GoalNotes.Note, string> explained = new(ReferenceEqualityComparer.Instance);
        foreach (GoalOutcome goal in misses)
        {
            md.AppendLine($"### {goal.Goal}");
            md.AppendLine();
            md.AppendLine($"Missed by: {goal.Margin} (measured {goal.Measured}, target {goal.Target}){(goal.WithinNoise ? "; the bound is within this run's noise" : string.Empty)}.");
            md.AppendLine();
            if (GoalNotes.Detail(goal.Key, cases) is { } detail)
            {
                md.AppendLine(detail);
                md.AppendLine();
            }

            GoalNotes.Note? note = GoalNotes.For(goal.Key);
            if (note is not null && explained.TryGetValue(note, out string? first))
            {
                md.AppendLine($"Why, and what would close it: as for \"{first}\" above.");
            }
            else if (note is not null)
            {
                explained[note] = goal.Goal;
                md.AppendLine("Why: " + note.Why);
                md.AppendLine();
                md.AppendLine("What would close it: " + note.Closing);
            }
            else
            {
                md.AppendLine("Why: not analysed for this run; see the tables below.");
            }

            md.AppendLine();
        }
    }

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
        md.AppendLine("## Export throughput");
        md.AppendLine();
        if (run.Export is not { } export)
        {
            md.AppendLine("Not measured: " + (run.ExportError ?? "the measurement did not run") + ".");
            md.AppendLine();
            return;
        }

        md.AppendLine("One producer thread emits operate spans at a fixed rate (bursts every millisecond) through `ChimeTracer.Operate`;");
        md.AppendLine("OpenTelemetry's batch processor, with the defaults ChimeLogger's exporter also uses (queue 2,048, batches of 512,");
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
        md.AppendLine(GoalNotes.ExportDiscussion);
        md.AppendLine();
    }

    private static string Row(ExportTrial t) => string.Create(CultureInfo.InvariantCulture,
        $"| {t.TargetRate:N0} | {t.AchievedRate:N0} | {t.Emitted:N0} | {t.Exported:N0} | {t.Dropped:N0} | {t.Failed:N0} | {t.Backlog:N0} | {t.Batches:N0} | {t.MillisecondsPerBatch:F1} | {t.ProducerCpuMicrosecondsPerSpan:F1} | {t.ReceiverCpuMicrosecondsPerSpan:F1} | {(t.IsClean ? "yes" : "no")} |");
}
