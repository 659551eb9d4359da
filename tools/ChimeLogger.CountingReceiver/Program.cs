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
// With --herald-writes it also writes each span of a trace export as the HelixObs herald does (HeraldWrites): after
// answering, each span on its own with a random delay of up to --write-jitter-ms (default 20), entities without a
// unique key; the rows it would keep are appended to the same file.
//
//   ChimeLogger.CountingReceiver --port 4317 --record received.txt [--herald-writes [--write-jitter-ms 20]]
//
// Prints "listening http://127.0.0.1:<port>" once it accepts exports (port 0 picks a free one).
int port = 0;
string? record = null;
bool heraldWrites = false;
int jitter = 20;
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
        case "--herald-writes":
            heraldWrites = true;
            break;
        case "--write-jitter-ms" when i + 1 < args.Length:
            jitter = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: ChimeLogger.CountingReceiver --port N --record FILE [--herald-writes [--write-jitter-ms N]]");
            return 2;
    }
}

if (record is null)
{
    Console.Error.WriteLine("--record FILE is required: the file that receives one line per span or log record.");
    return 2;
}

string[] earlier = heraldWrites && File.Exists(record) ? File.ReadAllLines(record) : [];
await using RecordFile file = new(record);
HeraldWrites? herald = heraldWrites ? new HeraldWrites(file, jitter, earlier) : null;
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = null;
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
});
WebApplication app = builder.Build();
app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", context => Answer(context, "span", EntityIdReader.SpanIds, herald));
app.MapPost("/opentelemetry.proto.collector.logs.v1.LogsService/Export", context => Answer(context, "log", EntityIdReader.LogIds));
await app.StartAsync();
Console.WriteLine($"listening {app.Urls.First()}");
await app.WaitForShutdownAsync();
return 0;

async Task Answer(HttpContext context, string kind, Func<ReadOnlyMemory<byte>, List<string>> read, HeraldWrites? writes = null)
{
    using MemoryStream buffer = new();
    await context.Request.Body.CopyToAsync(buffer);
    ReadOnlyMemory<byte> message = EntityIdReader.Unframe(buffer.ToArray());
    List<string> ids = read(message);
    await file.AppendAsync(kind, ids);

    // The herald answers first and writes in the background: nothing below waits for the writes.
    writes?.Apply(HeraldSpanReader.Read(message));

    // An empty Export*ServiceResponse: a zero-length message frame, grpc-status 0 in the trailers.
    context.Response.ContentType = "application/grpc";
    await context.Response.Body.WriteAsync(new byte[5]);
    context.Response.AppendTrailer("grpc-status", "0");
}
