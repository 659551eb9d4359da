using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ChimeLogger.Reliability;

/// <summary>
/// A pipeline process with disk retry, killed with SIGKILL while the receiver is down; then a next run of the pipeline
/// with the receiver back. Counts what of the killed run was delivered, and where the rest was when it was killed.
/// </summary>
internal static class CrashRun
{
    public static int Run(RunOptions options)
    {
        double rate = options.Number("rate", 100);
        double outageAt = options.Number("outage-at", 10);
        double killAt = options.Number("kill-at", 70);
        string output = Path.GetFullPath(options.Text("out", "reliability-crash")!);
        string retryPath = Path.Combine(output, "retry");
        Directory.CreateDirectory(output);
        if (Directory.Exists(retryPath))
        {
            Directory.Delete(retryPath, recursive: true);
        }

        string record = Path.Combine(output, "received.txt");
        File.Delete(record);
        using Receiver receiver = new(record);
        receiver.Start();

        string progress = Path.Combine(output, "first-run.emitted");
        Stopwatch clock = Stopwatch.StartNew();
        using Process first = StartPipeline(receiver, retryPath, "first-", rate, duration: killAt + 60, progress, options);
        Sleep(clock, outageAt);
        receiver.Kill();
        Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s receiver killed");
        Sleep(clock, killAt);
        first.Kill(); // SIGKILL: no flush, no shutdown
        first.WaitForExit();
        long emitted = long.Parse(File.ReadAllText(progress).Trim(), CultureInfo.InvariantCulture);
        (int files, long onDisk) = OnDisk(retryPath);
        Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s first run killed (SIGKILL) after emitting {emitted} spans; {onDisk} spans in {files} files on disk");
        long deliveredBefore = receiver.Received("first-").Spans.Count;

        receiver.Start();
        using Process next = StartPipeline(receiver, retryPath, "next-", rate, duration: 30, Path.Combine(output, "next-run.emitted"), options);
        Stopwatch delivery = Stopwatch.StartNew();
        long delivered = 0;
        while (delivery.Elapsed < TimeSpan.FromSeconds(60))
        {
            delivered = receiver.Received("first-").Spans.Count;
            if (delivered >= deliveredBefore + onDisk)
            {
                break;
            }

            Thread.Sleep(200);
        }

        double deliveredAfter = delivery.Elapsed.TotalSeconds;
        next.WaitForExit(120_000);
        var (firstSpans, _) = receiver.Received("first-");
        var (nextSpans, _) = receiver.Received("next-");
        long nextEmitted = long.Parse(File.ReadAllText(Path.Combine(output, "next-run.emitted")).Trim(), CultureInfo.InvariantCulture);

        StringBuilder text = new();
        text.AppendLine(CultureInfo.InvariantCulture, $"command       {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"first run     {emitted} spans emitted at {rate}/s; receiver down from {outageAt} s; SIGKILL at {killAt} s ({killAt - outageAt} s into the outage)");
        text.AppendLine(CultureInfo.InvariantCulture, $"              {deliveredBefore} delivered before the outage; {onDisk} on disk in {files} batch files at the kill");
        text.AppendLine(CultureInfo.InvariantCulture, $"next run      delivered {firstSpans.Count - deliveredBefore} of the first run's spans within {deliveredAfter:F1} s of starting; its own {nextSpans.Count} of {nextEmitted}");
        text.AppendLine(CultureInfo.InvariantCulture, $"first run     delivered {firstSpans.Count} of {emitted} ({firstSpans.Values.Count(v => v > 1)} duplicated); lost {emitted - firstSpans.Count} (those still in memory at the kill: about {(emitted - firstSpans.Count) / rate:F1} s of spans)");
        File.WriteAllText(Path.Combine(output, "summary.txt"), text.ToString());
        Console.WriteLine(text);
        return 0;
    }

    /// <summary>The child: emits until killed or <c>--duration</c>, writing how many spans it emitted to <c>--progress</c>.</summary>
    public static int Pipeline(RunOptions options)
    {
        string progress = options.Text("progress")!;
        ChimeTracer tracer = ChimeTelemetry.Setup("reliability-crash", o =>
        {
            o.HeraldEndpoint = options.Text("endpoint");
            o.LogsEndpoint = options.Text("endpoint");
            o.FileLogPath = progress + ".log";
            o.ConsoleLogging = false;
            options.Apply(o);
        });
        long last = -1;
        using Emitter emitter = new(tracer, options.Text("prefix")!, options.Number("rate", 100), withLogs: false, emitted =>
        {
            if (emitted != last)
            {
                File.WriteAllText(progress + ".tmp", emitted.ToString(CultureInfo.InvariantCulture));
                File.Move(progress + ".tmp", progress, overwrite: true);
                last = emitted;
            }
        });
        Thread.Sleep(TimeSpan.FromSeconds(options.Number("duration", 30)));
        emitter.Stop();
        File.WriteAllText(progress, emitter.Emitted.ToString(CultureInfo.InvariantCulture));
        tracer.Dispose();
        return 0;
    }

    private static Process StartPipeline(Receiver receiver, string retryPath, string prefix, double rate, double duration, string progress, RunOptions options)
    {
        ProcessStartInfo start = new("dotnet")
        {
            ArgumentList =
            {
                typeof(CrashRun).Assembly.Location, "pipeline", "--endpoint", receiver.Endpoint.ToString(), "--prefix", prefix,
                "--rate", rate.ToString(CultureInfo.InvariantCulture), "--duration", duration.ToString(CultureInfo.InvariantCulture),
                "--progress", progress, "--retry", "disk", "--retry-path", retryPath,
            },
            UseShellExecute = false,
        };
        if (options.Text("window") is { } window)
        {
            start.ArgumentList.Add("--window");
            start.ArgumentList.Add(window);
        }

        return Process.Start(start)!;
    }

    private static (int Files, long Items) OnDisk(string retryPath)
    {
        string[] files = Directory.Exists(retryPath) ? Directory.GetFiles(Path.Combine(retryPath, "traces"), "*.batch", SearchOption.AllDirectories) : [];
        long items = files.Sum(f => long.Parse(Path.GetFileNameWithoutExtension(f).Split('.')[^1], CultureInfo.InvariantCulture));
        return (files.Length, items);
    }

    private static void Sleep(Stopwatch clock, double second)
    {
        TimeSpan wait = TimeSpan.FromSeconds(second) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait);
        }
    }
}
