using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.IntegrationTests.Infrastructure;

/// <summary>
/// An in-process stand-in for the HelixObs herald on 127.0.0.1, served by Kestrel: <c>POST /auth/token</c> as in
/// docs/helix-contract.md §3 (HTTP/1.1) and an HTTP/2 cleartext endpoint that takes any OTLP/gRPC export, records its
/// path, <c>authorization</c> header and message, and answers an empty successful gRPC response.
/// </summary>
internal sealed class FakeHerald : IAsyncDisposable
{
    public const string TraceExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public const string LogExportPath = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TokenRequest> _tokenRequests = new();
    private readonly ConcurrentQueue<ExportRequest> _exports = new();
    private Func<TokenRequest, TokenAnswer> _answer = _ => TokenAnswer.Issue("token-1", 86_400);
    private volatile int _exportStatus;

    private FakeHerald(WebApplication app, Uri authEndpoint, Uri otlpEndpoint)
    {
        _app = app;
        AuthEndpoint = authEndpoint;
        OtlpEndpoint = otlpEndpoint;
    }

    /// <summary>The token URL, <c>http://127.0.0.1:port/auth/token</c>.</summary>
    public Uri AuthEndpoint { get; }

    /// <summary>The OTLP/gRPC endpoint (HTTP/2, without TLS unless started with a certificate).</summary>
    public Uri OtlpEndpoint { get; }

    public IReadOnlyList<TokenRequest> TokenRequests => _tokenRequests.ToArray();

    public IReadOnlyList<ExportRequest> Exports => _exports.ToArray();

    public IReadOnlyList<ExportRequest> TraceExports => _exports.Where(e => e.Path == TraceExportPath).ToArray();

    public IReadOnlyList<ExportRequest> LogExports => _exports.Where(e => e.Path == LogExportPath).ToArray();

    /// <param name="certificate">
    /// With a certificate, the OTLP endpoint speaks TLS with it (HTTP/2 negotiated by ALPN) and is named
    /// <c>https://localhost:port</c>, the host name test certificates are checked against.
    /// </param>
    public static async Task<FakeHerald> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? http1 = null;
        ListenOptions? http2 = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                http1 = listen;
            });
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2; // cleartext HTTP/2 with prior knowledge, as gRPC clients speak it
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }

                http2 = listen;
            });
        });

        WebApplication app = builder.Build();
        FakeHerald? herald = null;
        app.MapPost("/auth/token", context => herald!.AnswerTokenRequestAsync(context));
        app.MapPost("/{**service}", context => herald!.RecordExportAsync(context));
        await app.StartAsync();

        int authPort = http1!.IPEndPoint!.Port;
        int otlpPort = http2!.IPEndPoint!.Port;
        Uri otlp = certificate is null ? new Uri($"http://127.0.0.1:{otlpPort}") : new Uri($"https://localhost:{otlpPort}");
        herald = new FakeHerald(app, new Uri($"http://127.0.0.1:{authPort}/auth/token"), otlp);
        return herald;
    }

    /// <summary>Decides the answer of each token request (default: token <c>token-1</c>, valid a day).</summary>
    public void AnswerTokens(Func<TokenRequest, TokenAnswer> answer) => _answer = answer;

    /// <summary>
    /// Answers every later export with this gRPC status (0 by default). A non-zero status is sent trailers-only,
    /// as a gRPC server does for an error without a message: <c>grpc-status</c> in the response headers, no body.
    /// </summary>
    public void AnswerExports(int grpcStatus) => _exportStatus = grpcStatus;

    /// <summary>Waits until <paramref name="condition"/> holds over the recorded exports.</summary>
    public async Task<IReadOnlyList<ExportRequest>> WaitForExportsAsync(Func<IReadOnlyList<ExportRequest>, bool> condition, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            IReadOnlyList<ExportRequest> exports = Exports;
            if (condition(exports))
            {
                return exports;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The expected exports did not reach the fake herald; it recorded: {string.Join(", ", exports.Select(e => e.Path))}.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerTokenRequestAsync(HttpContext context)
    {
        using StreamReader reader = new(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        string? instrumentId = null;
        string? credential = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                instrumentId = document.RootElement.TryGetProperty("instrument_id", out JsonElement id) ? id.GetString() : null;
                credential = document.RootElement.TryGetProperty("credential", out JsonElement secret) ? secret.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Recorded as is; the answer decides.
        }

        TokenRequest request = new(context.Request.ContentType, body, instrumentId, credential);
        _tokenRequests.Enqueue(request);
        TokenAnswer answer = _answer(request);
        context.Response.StatusCode = answer.StatusCode;
        if (answer.RawBody is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.RawBody);
        }
        else if (answer.StatusCode == StatusCodes.Status200OK)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { token = answer.Token, expires_in = answer.ExpiresIn }));
        }
        else
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(answer.ErrorBody ?? "");
        }
    }

    private async Task RecordExportAsync(HttpContext context)
    {
        using MemoryStream buffer = new();
        await context.Request.Body.CopyToAsync(buffer);
        byte[] frame = buffer.ToArray();

        // One gRPC message: compressed flag (1 byte), big-endian length (4 bytes), then the protobuf message.
        byte[] message = frame.Length >= 5
            ? frame.AsSpan(5, (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4)), (uint)(frame.Length - 5))).ToArray()
            : [];
        _exports.Enqueue(new ExportRequest(
            context.Request.Path.Value ?? "",
            context.Request.Protocol,
            context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
            message,
            Environment.TickCount64));

        context.Response.ContentType = "application/grpc";
        if (_exportStatus != 0)
        {
            context.Response.Headers["grpc-status"] = _exportStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        // An empty Export*ServiceResponse: a zero-length message frame and grpc-status 0 in the trailers.
        await context.Response.Body.WriteAsync(new byte[5]);
        context.Response.AppendTrailer("grpc-status", "0");
    }
}

/// <summary>A token request as the fake herald received it.</summary>
internal sealed record TokenRequest(string? ContentType, string Body, string? InstrumentId, string? Credential);

/// <summary>How the fake herald answers a token request.</summary>
internal sealed record TokenAnswer(int StatusCode, string? Token, double ExpiresIn, string? ErrorBody, string? RawBody = null)
{
    public static TokenAnswer Issue(string token, double expiresIn) => new(StatusCodes.Status200OK, token, expiresIn, null);

    public static TokenAnswer Refuse(int statusCode, string body) => new(statusCode, null, 0, body);

    /// <summary>A 200 answer with exactly this body, for malformed answers.</summary>
    public static TokenAnswer Raw(string body) => new(StatusCodes.Status200OK, null, 0, null, body);
}

/// <summary>An OTLP/gRPC export request as the fake herald received it, and when (<see cref="Environment.TickCount64"/>).</summary>
internal sealed record ExportRequest(string Path, string Protocol, string? Authorization, byte[] Message, long ReceivedAt = 0);
