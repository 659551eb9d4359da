using System.Globalization;
using ChimeLogger;
using Microsoft.Extensions.Logging;

// Arguments: <end> [spans] [shutdown-timeout-ms] [--bad-input]
//   end: return | exit | throw | dispose
// Everything else (endpoints, pipeline, site, file log path) comes from the environment, as in a pipeline.
string end = args.Length > 0 ? args[0] : "return";
int spans = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
int shutdownMilliseconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5000;
bool badInput = args.Contains("--bad-input");

ChimeTracer tracer = ChimeTelemetry.Setup(configure: options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(shutdownMilliseconds));
ILogger log = tracer.CreateLogger("CHIME.exiting");

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
}

return 0;
