using System.Net.Sockets;
using ChimeLogger;
using ChimeLogger.LocalReceiver;
using FrbPipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

const string Pipeline = "frb-realtime";

SampleOptions options;
try
{
    options = SampleOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(SampleOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(SampleOptions.Usage);
    return 0;
}

using CancellationTokenSource stop = new();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

string? herald = Environment.GetEnvironmentVariable("HERALD_ENDPOINT");
LocalOtlpReceiver? receiver = null;
ReceiverApi? readBack = options.ReceiverUrl is null ? null : new ReceiverApi(options.ReceiverUrl);
try
{
    if (string.IsNullOrWhiteSpace(herald))
    {
        Console.WriteLine("HERALD_ENDPOINT is not set: starting a local OTLP receiver (Aspire dashboard) ...");
        try
        {
            receiver = await LocalOtlpReceiver.StartAsync(
                new LocalOtlpReceiverOptions { UiPort = options.UiPort, EntityView = true, EntityViewPort = options.EntitiesPort }, stop.Token);
        }
        catch (LocalReceiverException ex)
        {
            // The receiver's message names the port in use, the missing executable or the log of a failed start.
            Console.Error.WriteLine("The local receiver could not be started: " + ex.Message);
            return 3;
        }

        readBack ??= new ReceiverApi(receiver);
        Console.WriteLine($"Receiver up: OTLP/gRPC at {receiver.OtlpGrpcEndpoint}, web UI at {receiver.DashboardUrl}, entity view at {receiver.EntityViewUrl}");
    }
    else
    {
        Console.WriteLine($"Exporting traces to HERALD_ENDPOINT={herald}; starting no receiver.");
        if (!await IsReachableAsync(herald))
        {
            Console.Error.WriteLine(
                $"Warning: nothing answers at {herald}. The pipeline runs anyway (telemetry never blocks it), " +
                "but spans will be lost unless the herald comes up before the exporter gives up on them.");
        }
    }

    ChimeTracer tracer;
    try
    {
        tracer = ChimeTelemetry.Setup(Pipeline, telemetry =>
        {
            if (receiver is not null)
            {
                telemetry.HeraldEndpoint = receiver.OtlpGrpcHostPort;
                telemetry.LogsEndpoint = receiver.OtlpGrpcHostPort;
            }

            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("CHIME_LOGGER_SITE")))
            {
                telemetry.Site = "chime";
            }

            telemetry.MinimumLogLevel = LogLevel.Debug;
            telemetry.ConfigureLoggerFactory = logging =>
            {
                logging.AddConsole(console => console.FormatterName = ChimeConsoleFormatter.Name);
                logging.AddConsoleFormatter<ChimeConsoleFormatter, ConsoleFormatterOptions>();
                if (!options.Verbose)
                {
                    // The console shows the run's progress and problems; OTLP and the file log get every record.
                    logging.AddFilter<ConsoleLoggerProvider>((category, level) =>
                        level >= LogLevel.Warning || (category?.StartsWith("FrbPipeline", StringComparison.Ordinal) == true && level >= LogLevel.Information));
                }
                else
                {
                    logging.AddFilter<ConsoleLoggerProvider>((_, level) => level >= LogLevel.Information);
                }
            };
        });
    }
    catch (Exception ex) when (ex is ChimeLoggerConfigurationException or HeraldAuthenticationException)
    {
        Console.Error.WriteLine("ChimeLogger could not be set up: " + ex.Message);
        return 4;
    }

    RunCounts counts;
    string serviceName = tracer.ServiceName;
    string? fileLog = tracer.FileLogPath;
    using (tracer)
    {
        try
        {
            counts = await new PipelineRun(tracer, options.Events, options.Seed).RunAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("Stopped.");
            return 130;
        }

        if (!tracer.Flush(TimeSpan.FromSeconds(10)))
        {
            Console.Error.WriteLine("Warning: not everything could be exported within 10 s.");
        }
    }

    Console.WriteLine();
    Console.WriteLine($"== What the pipeline did (seed {options.Seed}) ==");
    Console.WriteLine($"blocks {counts.Blocks}, beams {counts.Beams}, events {counts.Events}, replications {counts.Replications}, " +
                      $"failed conversions {counts.FailedConversions}, unhandled errors {counts.UnhandledErrors}");
    if (fileLog is not null)
    {
        Console.WriteLine($"file log      {Path.GetFullPath(fileLog)}");
    }

    if (readBack is not null)
    {
        try
        {
            RunSummary summary = await readBack.SummariseAsync(serviceName, counts, stop.Token);
            Console.WriteLine(summary);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or LocalReceiverException)
        {
            Console.Error.WriteLine($"The receiver could not be read back: {ex.Message}");
            return 5;
        }
        catch (OperationCanceledException ex) when (!stop.IsCancellationRequested)
        {
            // An HTTP client's own timeout (a large run read back from the dashboard), not Ctrl+C.
            Console.Error.WriteLine($"The receiver could not be read back: it did not answer in time ({ex.Message}).");
            return 5;
        }
    }

    if (receiver is not null)
    {
        Console.WriteLine();
        if (options.NoWait)
        {
            // The receiver ends with this process: its address would lead nowhere once the prompt is back.
            Console.WriteLine("The local receiver stops with this run; run without --no-wait to browse the traces, logs and entities in its web UIs.");
        }
        else
        {
            Console.WriteLine($"Open {receiver.DashboardUrl} to browse the traces and logs.");
            Console.WriteLine($"Open {receiver.EntityViewUrl} to inspect the entities: provenance graph, operations, errors, logs.");
            Console.WriteLine("The receiver stays up until Ctrl+C.");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    return 0;
}
finally
{
    receiver?.Dispose();
}

static async Task<bool> IsReachableAsync(string endpoint)
{
    string hostPort = endpoint.Contains("://", StringComparison.Ordinal) ? new Uri(endpoint).Authority : endpoint;
    int colon = hostPort.LastIndexOf(':');
    if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out int port))
    {
        return false;
    }

    try
    {
        using TcpClient client = new();
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(2));
        await client.ConnectAsync(hostPort[..colon].Trim('[', ']'), port, timeout.Token);
        return true;
    }
    catch (Exception ex) when (ex is SocketException or OperationCanceledException)
    {
        return false;
    }
}
