using System.Net;
using ChimeLogger.CountingReceiver;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// An OTLP/gRPC receiver (HTTP/2 cleartext on 127.0.0.1) that answers every export with an empty success and appends,
// before answering, one line per item to the record file: "span <helix.entity.id>" or "log <resource_name>". Because
// the line is written before the answer, the file holds everything the receiver acknowledged, across kills and
// restarts (append mode).
//
//   ChimeLogger.CountingReceiver --port 4317 --record received.txt
//
// Prints "listening http://127.0.0.1:<port>" once it accepts exports (port 0 picks a free one).
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
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: ChimeLogger.CountingReceiver --port N --record FILE");
            return 2;
    }
}

if (record is null)
{
    Console.Error.WriteLine("--record FILE is required: the file that receives one line per span or log record.");
    return 2;
}

await using RecordFile file = new(record);
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = null;
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
});
WebApplication app = builder.Build();
app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", context => Answer(context, "span", EntityIdReader.SpanIds));
app.MapPost("/opentelemetry.proto.collector.logs.v1.LogsService/Export", context => Answer(context, "log", EntityIdReader.LogIds));
await app.StartAsync();
Console.WriteLine($"listening {app.Urls.First()}");
await app.WaitForShutdownAsync();
return 0;

async Task Answer(HttpContext context, string kind, Func<ReadOnlyMemory<byte>, List<string>> read)
{
    using MemoryStream buffer = new();
    await context.Request.Body.CopyToAsync(buffer);
    List<string> ids = read(EntityIdReader.Unframe(buffer.ToArray()));
    await file.AppendAsync(kind, ids);

    // An empty Export*ServiceResponse: a zero-length message frame, grpc-status 0 in the trailers.
    context.Response.ContentType = "application/grpc";
    await context.Response.Body.WriteAsync(new byte[5]);
    context.Response.AppendTrailer("grpc-status", "0");
}
