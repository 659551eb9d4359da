using System.Net;
using ChimeLogger.DiscardingReceiver;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// An OTLP/gRPC receiver (HTTP/2 cleartext on 127.0.0.1) that answers every trace and log export with an empty success
// and, before answering, appends one line per item to the record file ("span" or "log"), so that a run can check that
// everything it sent was acknowledged. Prints "listening http://127.0.0.1:<port>" once it accepts exports.
//
//   ChimeLogger.DiscardingReceiver --port 0 --record received.txt
int port = 0;
string? record = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length:
            port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--record" when i + 1 < args.Length:
            record = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: ChimeLogger.DiscardingReceiver --port N --record FILE");
            return 2;
    }
}

if (record is null)
{
    Console.Error.WriteLine("--record FILE is required: the file that receives one line per span or log record.");
    return 2;
}

await using StreamWriter file = new(new FileStream(record, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
SemaphoreSlim writing = new(1, 1);
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = null;
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
});
WebApplication app = builder.Build();
app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", context => Answer(context, "span"));
app.MapPost("/opentelemetry.proto.collector.logs.v1.LogsService/Export", context => Answer(context, "log"));
await app.StartAsync();
Console.WriteLine($"listening {app.Urls.First()}");
await app.WaitForShutdownAsync();
return 0;

async Task Answer(HttpContext context, string kind)
{
    using MemoryStream buffer = new();
    await context.Request.Body.CopyToAsync(buffer);
    int items = ItemCounter.CountFramed(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    await writing.WaitAsync();
    try
    {
        for (int i = 0; i < items; i++)
        {
            await file.WriteLineAsync(kind);
        }

        await file.FlushAsync();
    }
    finally
    {
        writing.Release();
    }

    // An empty Export*ServiceResponse: a zero-length message frame, grpc-status 0 in the trailers.
    context.Response.ContentType = "application/grpc";
    await context.Response.Body.WriteAsync(new byte[5]);
    context.Response.AppendTrailer("grpc-status", "0");
}
