using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ChimeLogger.Reliability;

/// <summary>
/// One steady run with an outage of the receiver in the middle: what was emitted, delivered (once or more), counted,
/// the memory each second (working set, managed heap) and the CPU per item.
/// </summary>
internal static class OutageRun
{
    public static int Run(RunOptions options)
    {
        double rate = options.Number("rate", 100);
        bool withLogs = options.Flag("logs");
        double duration = options.Number("duration", 90);
        double outageAt = options.Number("outage-at", 10);
        double outage = options.Number("outage", 60);
        double settle = options.Number("settle", 120);
        string output = Path.GetFullPath(options.Text("out", "reliability-run")!);
        Directory.CreateDirectory(output);
        string record = Path.Combine(output, "received.txt");
        File.Delete(record);

        using Receiver receiver = new(record);
        receiver.Start();
        ChimeTracer tracer = ChimeTelemetry.Setup("reliability", o =>
        {
            o.HeraldEndpoint = receiver.Endpoint.ToString();
            o.LogsEndpoint = receiver.Endpoint.ToString();
            o.FileLogPath = Path.Combine(output, "chime_pipeline.log");
            o.ConsoleLogging = false;
            options.Apply(o);
        });

        Process self = Process.GetCurrentProcess();
        TimeSpan cpuAtStart = self.TotalProcessorTime;
        StringBuilder csv = new("second,phase,working_set_mb,managed_heap_mb,gc_heap_mb,spans_ended,spans_exported,spans_dropped,spans_failed,spans_pending,spans_stored,logs_ended,logs_exported,logs_dropped,logs_failed,logs_pending\n");
        List<(double Second, string Phase, double WorkingSet, double Heap)> samples = [];
        Stopwatch clock = Stopwatch.StartNew();
        string phase = "before";
        double backAt = double.NaN;
        double drainedAt = double.NaN;
        (double Heap, double WorkingSet) retainedBefore = (double.NaN, double.NaN);
        Emitter emitter = new(tracer, "op-", rate, withLogs);
        int second = 0;

        void Sample()
        {
            self.Refresh();
            ExportStatistics s = tracer.ExportStatistics;
            double ws = self.WorkingSet64 / 1048576.0;
            double heap = GC.GetTotalMemory(false) / 1048576.0;
            double gcHeap = GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0;
            samples.Add((second, phase, ws, heap));
            csv.Append(CultureInfo.InvariantCulture, $"{second},{phase},{ws:F1},{heap:F1},{gcHeap:F1},{s.SpansEnded},{s.SpansExported},{s.SpansDropped},{s.SpansFailed},{s.SpansPending},{s.SpansStored},{s.LogRecordsEnded},{s.LogRecordsExported},{s.LogRecordsDropped},{s.LogRecordsFailed},{s.LogRecordsPending}\n");
        }

        // One sample a second; the outage is driven from the same loop.
        while (clock.Elapsed.TotalSeconds < duration)
        {
            second++;
            SleepUntil(clock, second);
            if (outage > 0 && phase == "before" && second >= outageAt)
            {
                retainedBefore = Retained(self);
                receiver.Kill();
                phase = "outage";
                Console.WriteLine($"{second,5} s receiver killed");
            }
            else if (phase == "outage" && second >= outageAt + outage)
            {
                receiver.Start();
                phase = "after";
                backAt = second;
                Console.WriteLine($"{second,5} s receiver back (pid {receiver.ProcessId})");
            }

            Sample();
            if (phase == "after" && double.IsNaN(drainedAt) && tracer.ExportStatistics is var s && s.SpansStored == 0 && s.SpansPending < rate * 6)
            {
                drainedAt = second;
            }
        }

        long emitted = emitter.Stop();
        phase = "settle";
        while (second < duration + settle && tracer.ExportStatistics is var s && s.SpansPending + s.LogRecordsPending > 0)
        {
            second++;
            SleepUntil(clock, second);
            Sample();
        }

        // Ten more seconds with nothing emitted: where memory rests once the backlog is gone.
        phase = "rest";
        for (int i = 0; i < 10; i++)
        {
            second++;
            SleepUntil(clock, second);
            Sample();
        }

        TimeSpan cpu = self.TotalProcessorTime - cpuAtStart;
        (double Heap, double WorkingSet) retainedAfter = Retained(self);
        ExportStatistics statistics = tracer.ExportStatistics;
        tracer.Dispose();
        (Dictionary<string, int> spans, Dictionary<string, int> logs) = receiver.Received("op-");
        File.WriteAllText(Path.Combine(output, "memory.csv"), csv.ToString());

        double items = emitted * (withLogs ? 2 : 1);
        string summary = Summary(options, emitted, withLogs, spans, logs, statistics, samples, outageAt, backAt, drainedAt, cpu, items)
            + string.Create(CultureInfo.InvariantCulture,
                $"after full GC managed heap {retainedBefore.Heap:F1} MiB at the outage's start, {retainedAfter.Heap:F1} MiB at rest after; working set {retainedBefore.WorkingSet:F0} / {retainedAfter.WorkingSet:F0} MiB\n");
        File.WriteAllText(Path.Combine(output, "summary.txt"), summary);
        Console.WriteLine(summary);
        return 0;
    }

    private static string Summary(
        RunOptions options, long emitted, bool withLogs, Dictionary<string, int> spans, Dictionary<string, int> logs,
        ExportStatistics s, List<(double Second, string Phase, double WorkingSet, double Heap)> samples,
        double outageAt, double backAt, double drainedAt, TimeSpan cpu, double items)
    {
        var before = samples.Where(x => x.Phase == "before" && x.Second > outageAt - 10).ToList();
        var during = samples.Where(x => x.Phase is "outage" or "after").ToList();
        var rest = samples.Where(x => x.Phase == "rest").ToList();
        StringBuilder text = new();
        text.AppendLine(CultureInfo.InvariantCulture, $"command       {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"emitted       {emitted} spans{(withLogs ? $", {emitted} log records" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"delivered     {spans.Count} spans ({spans.Values.Count(v => v > 1)} duplicated){(withLogs ? $", {logs.Count} log records ({logs.Values.Count(v => v > 1)} duplicated)" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"statistics    {s}");
        if (!double.IsNaN(backAt))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"backlog       sent {(double.IsNaN(drainedAt) ? "after the run" : $"{drainedAt - backAt:F0} s after the receiver came back")}");
        }

        if (before.Count > 0 && during.Count > 0 && rest.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"working set   before outage {before.Average(x => x.WorkingSet):F0} MiB, peak in outage/backlog {during.Max(x => x.WorkingSet):F0} MiB, at rest after {rest.Average(x => x.WorkingSet):F0} MiB");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"managed heap  before outage {before.Average(x => x.Heap):F0} MiB, peak in outage/backlog {during.Max(x => x.Heap):F0} MiB, at rest after {rest.Average(x => x.Heap):F0} MiB");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"cpu           {cpu.TotalSeconds:F1} s for {items:F0} items: {cpu.TotalMicroseconds / items:F1} us per item");
        return text.ToString();
    }

    // What stays alive: the managed heap after a full, compacting collection, and the working set then.
    private static (double Heap, double WorkingSet) Retained(Process self)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        self.Refresh();
        return (GC.GetTotalMemory(false) / 1048576.0, self.WorkingSet64 / 1048576.0);
    }

    private static void SleepUntil(Stopwatch clock, int second)
    {
        TimeSpan wait = TimeSpan.FromSeconds(second) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait);
        }
    }
}
