using System.Globalization;
using System.Runtime.InteropServices;
using ChimeLogger;
using ChimeLogger.ExitingPipeline;
using Microsoft.Extensions.Logging;

// Arguments: <end> [spans] [shutdown-timeout-ms] [--bad-input] [--keep-ctrl-c] [--keep-sigterm]
//   end: return | exit | throw | dispose   end that way once the spans are emitted
//        in-flight                         then run an operation ("classify" on evt-inflight, with its child span
//                                          "catalog-lookup" open) on a worker thread, print "in flight" and wait for a
//                                          signal; if the app keeps the signal (--keep-ctrl-c: Console.CancelKeyPress with
//                                          e.Cancel = true; --keep-sigterm: its own PosixSignalRegistration), the operation
//                                          completes, three more spans follow ("after-0".."after-2"), "went on" is printed
//                                          and the tracer is disposed
//        return-in-flight                  start the same operation on a background thread, then return from Main
//        hosted                            the same pipeline as a BackgroundService of a generic host (HostedRun)
// Everything else (endpoints, pipeline, site, file log path, export interval) comes from the environment, as in a pipeline.
string end = args.Length > 0 ? args[0] : "return";
int spans = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
int shutdownMilliseconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5000;
bool badInput = args.Contains("--bad-input");

if (end == "hosted")
{
    // Not awaited: an await would make Main asynchronous, and an exception escaping an asynchronous Main runs the finally
    // blocks (ending the spans) before the process learns it is unhandled, which is not what the "throw" end is about.
    return HostedRun.RunAsync(spans, shutdownMilliseconds).GetAwaiter().GetResult();
}

ChimeTracer tracer = ChimeTelemetry.Setup(configure: options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(shutdownMilliseconds));
ILogger log = tracer.CreateLogger("CHIME.exiting");

// Registered after Setup, as an app usually does: so they run before ChimeLogger's handler, which sees that they kept the signal.
using ManualResetEventSlim released = new();
if (args.Contains("--keep-ctrl-c"))
{
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        released.Set();
    };
}

using PosixSignalRegistration? keepTerm = args.Contains("--keep-sigterm")
    ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        released.Set();
    })
    : null;

for (int i = 0; i < spans; i++)
{
    using (tracer.Create("ingest", $"blk-{i:D3}", "raw_data"))
    {
        log.LogInformation("Ingested block {Index}", i);
    }
}

if (badInput)
{
    // A create without a resource name: ChimeLogger's own warning, which must be visible with default options.
    tracer.Create("l1-search", resourceName: null, "n2_acquisition").Complete();
}

Console.Out.WriteLine($"emitted {spans} spans, ending by {end}");
Console.Out.Flush();

switch (end)
{
    case "exit":
        Environment.Exit(3);
        break;
    case "throw":
        using (tracer.Create("l2-event", "evt-crash", "event"))
        {
            throw new InvalidOperationException("the pipeline crashed");
        }

    case "dispose":
        tracer.Dispose();
        break;
    case "in-flight":
        Thread worker = new(() => Classify(tracer, log, released)) { Name = "classifier" };
        worker.Start();
        worker.Join();
        Thread.Sleep(300); // the pipeline goes on working
        for (int i = 0; i < 3; i++)
        {
            tracer.Create("ingest", $"after-{i}", "raw_data").Complete();
        }

        Console.Out.WriteLine("went on");
        Console.Out.Flush();
        tracer.Dispose();
        break;
    case "return-in-flight":
        using (ManualResetEventSlim started = new())
        {
            Thread background = new(() => Classify(tracer, log, released, started)) { IsBackground = true, Name = "classifier" };
            background.Start();
            started.Wait();
        }

        break;
}

return 0;

// An operation in flight on a worker thread: it waits inside its child span until the app is let go on.
static void Classify(ChimeTracer tracer, ILogger log, ManualResetEventSlim released, ManualResetEventSlim? started = null)
{
    using HelixToken operation = tracer.Operate("classify", "evt-inflight", "event");
    log.LogInformation("Classifying in flight");
    using (tracer.ChildSpan("catalog-lookup"))
    {
        Console.Out.WriteLine("in flight");
        Console.Out.Flush();
        started?.Set();
        released.Wait();

        // Let go on, the operation finishes its step, as a pipeline that keeps the signal does before it stops or goes on.
        Thread.Sleep(300);
    }
}
