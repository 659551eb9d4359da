using System.Net;
using System.Net.Http.Headers;
using ChimeLogger.LocalReceiver.EntityView;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Primitives;

namespace ChimeLogger.LocalReceiver.Otlp;

/// <summary>
/// The receiver's OTLP/gRPC address when the entity view is on: a Kestrel endpoint (HTTP/2 cleartext on 127.0.0.1)
/// that passes every call on to the dashboard unchanged and answers with the dashboard's answer. A trace or log export
/// the dashboard accepted is decoded from its protobuf and kept in the <see cref="TelemetryStore"/> before the answer
/// goes back, so a pipeline whose flush returned finds its telemetry in the entity view.
/// </summary>
internal sealed class OtlpFront : IAsyncDisposable
{
    public const string TraceExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public const string LogsExportPath = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    // Connection-level headers that belong to one hop, and those HttpClient sets itself.
    private static readonly HashSet<string> s_hopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private OtlpFront(WebApplication app, HttpClient client, int port)
    {
        _app = app;
        _client = client;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts the front on <paramref name="port"/> (0 for a free one), forwarding to <paramref name="dashboardGrpc"/>.</summary>
    /// <exception cref="LocalReceiverException">The port is taken.</exception>
    public static async Task<OtlpFront> StartAsync(int port, Uri dashboardGrpc, TelemetryStore store, CancellationToken cancellationToken)
    {
        // No proxy: the dashboard is on loopback, and an http_proxy of the environment must not be asked.
        HttpClient client = new(new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = true })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };
        WebApplication app = KestrelApps.Create(port, HttpProtocols.Http2, maxRequestBody: null);
        app.Run(context => ForwardAsync(context, client, dashboardGrpc, store));
        try
        {
            int bound = await KestrelApps.StartAsync(app, port, "OtlpGrpcPort, the OTLP/gRPC front of the entity view", cancellationToken).ConfigureAwait(false);
            return new OtlpFront(app, client, bound);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KestrelApps.StopAsync(_app).ConfigureAwait(false);
        _client.Dispose();
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient client, Uri dashboardGrpc, TelemetryStore store)
    {
        byte[] body;
        using (MemoryStream buffer = new())
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        using HttpRequestMessage forward = new(new HttpMethod(context.Request.Method), new Uri(dashboardGrpc, context.Request.Path.Value + context.Request.QueryString.Value))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        foreach (KeyValuePair<string, StringValues> header in context.Request.Headers)
        {
            if (header.Key.StartsWith(':') || s_hopHeaders.Contains(header.Key))
            {
                continue;
            }

            string[] values = header.Value.Where(static value => value is not null).Select(static value => value!).ToArray();
            if (!forward.Headers.TryAddWithoutValidation(header.Key, values))
            {
                forward.Content.Headers.TryAddWithoutValidation(header.Key, values);
            }
        }

        HttpResponseMessage answer;
        try
        {
            answer = await client.SendAsync(forward, HttpCompletionOption.ResponseContentRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            // The exporter sees what it would see from a receiver that is down: UNAVAILABLE, and it retries.
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "14";
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString("the receiver's dashboard did not answer: " + ex.Message);
            return;
        }

        using (answer)
        {
            byte[] answered = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            string? status = First(answer.TrailingHeaders, "grpc-status") ?? First(answer.Headers, "grpc-status");
            if (status == "0")
            {
                Record(context.Request.Path.Value, body, store);
            }

            context.Response.StatusCode = (int)answer.StatusCode;
            foreach (KeyValuePair<string, IEnumerable<string>> header in answer.Headers.Concat(answer.Content.Headers))
            {
                if (!s_hopHeaders.Contains(header.Key))
                {
                    context.Response.Headers[header.Key] = header.Value.ToArray();
                }
            }

            await context.Response.Body.WriteAsync(answered, context.RequestAborted).ConfigureAwait(false);
            foreach (KeyValuePair<string, IEnumerable<string>> trailer in answer.TrailingHeaders)
            {
                context.Response.AppendTrailer(trailer.Key, trailer.Value.ToArray());
            }
        }
    }

    private static string? First(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    private static void Record(string? path, byte[] body, TelemetryStore store)
    {
        if (path is not (TraceExportPath or LogsExportPath))
        {
            return; // metrics and anything else are passed on, not kept
        }

        try
        {
            foreach (byte[] message in GrpcMessages(body))
            {
                if (path == TraceExportPath)
                {
                    store.AddSpans(OtlpProtobuf.ReadTraces(message));
                }
                else
                {
                    store.AddLogs(OtlpProtobuf.ReadLogs(message));
                }
            }
        }
        catch (InvalidDataException)
        {
            store.CountUnreadable();
        }
    }

    /// <summary>The messages of a gRPC body: each a 1-byte compressed flag, a 4-byte big-endian length, then the bytes.</summary>
    private static IEnumerable<byte[]> GrpcMessages(byte[] body)
    {
        int position = 0;
        while (position < body.Length)
        {
            if (body.Length - position < 5)
            {
                throw new InvalidDataException("A gRPC message header is cut short.");
            }

            // A compressed message (the exporter's own choice; ChimeLogger's is not) is passed on but not read.
            if (body[position] != 0)
            {
                throw new InvalidDataException("A compressed gRPC message is not read by the entity view.");
            }

            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(position + 1, 4));
            if (length < 0 || length > body.Length - position - 5)
            {
                throw new InvalidDataException("A gRPC message length runs past the end of the body.");
            }

            byte[] message = body.AsSpan(position + 5, length).ToArray();
            position += 5 + length;
            yield return message;
        }
    }
}
