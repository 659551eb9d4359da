using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Benchmarks.Burst;

/// <summary>
/// In a process of its own: what a full export queue costs in memory. ChimeLogger exports to an endpoint that accepts
/// connections and never answers, so that nothing leaves the queue; the trial fills the span queue and the log record
/// queue (the sizes given, default options otherwise) and reads the managed heap after a full collection and the
/// process's peak working set, before and after. Prints
/// <c>memory &lt;heap before&gt; &lt;heap full&gt; &lt;working set before&gt; &lt;peak working set&gt; &lt;spans queued&gt; &lt;records queued&gt;</c> (bytes).
/// </summary>
internal static class QueueMemoryTrial
{
    public const string Argument = "--queue-memory-trial";
    public const string ResultPrefix = "memory";

    private static readonly Action<ILogger, int, string, Exception?> s_processed =
        LoggerMessage.Define<int, string>(LogLevel.Information, new EventId(1, "Processed"), "Processed beam {Beam} of {Event}");

    public static int Run(int? queueSize)
    {
        using Socket silent = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(512);
        Uri endpoint = new($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}");
        string folder = Path.Combine(Path.GetTempPath(), "chimelogger-memory-" + Guid.NewGuid().ToString("N")[..12]);

        ChimeTracer tracer = ChimeTelemetry.Setup("memory", options =>
        {
            options.HeraldEndpoint = endpoint.ToString();
            options.LogsEndpoint = endpoint.ToString();
            options.FileLogPath = Path.Combine(folder, "chime_pipeline.log");
            options.WarningsToStandardError = false;
            options.ExportQueueSize = queueSize;
            options.ShutdownTimeout = TimeSpan.FromSeconds(1);
        });
        int capacity = queueSize ?? ChimeLoggerOptions.DefaultExportQueueSize;
        ILogger log = tracer.CreateLogger("CHIME.memory");

        // A first span and record, so that the pipelines, the JIT and the connection attempt are in the baseline.
        Emit(tracer, log, 0, 1);
        Thread.Sleep(500);
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        Process process = Process.GetCurrentProcess();
        process.Refresh();
        long workingSetBefore = process.WorkingSet64;

        Emit(tracer, log, 1, capacity + 1_000);
        long heapFull = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();
        long peak = process.PeakWorkingSet64;
        ExportStatistics statistics = tracer.ExportStatistics;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ResultPrefix} {heapBefore} {heapFull} {workingSetBefore} {peak} {statistics.SpansEnded - statistics.SpansDropped} {statistics.LogRecordsEnded - statistics.LogRecordsDropped} {capacity}"));

        // The queue cannot drain into a silent endpoint: exit without waiting for the exports to time out.
        Console.Out.Flush();
        Environment.Exit(0);
        return 0;
    }

    // One operate span and one log record in it per item, with values that differ from item to item as a pipeline's do.
    private static void Emit(ChimeTracer tracer, ILogger log, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            string id = "evt-2026-" + i.ToString("0000000", CultureInfo.InvariantCulture);
            using HelixToken span = tracer.Operate("register", id, "event");
            span.SetAttribute("chime.snr", 12.5 + i);
            s_processed(log, i, id, null);
        }
    }
}
