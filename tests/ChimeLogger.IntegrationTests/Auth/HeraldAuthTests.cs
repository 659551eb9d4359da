using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ChimeLogger.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChimeLogger.IntegrationTests.Auth;

/// <summary>
/// Herald authentication (docs/helix-contract.md §3) against a real HTTP server: the token exchange at setup, the
/// bearer token on every trace export as the server reads it, none on log exports, fast and clear failures,
/// refresh before the last hour, and no secret or token in any message or log.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HeraldAuthTests : TelemetryTest, IAsyncLifetime
{
    private const string Secret = "reg-secret-5c1f9e";
    private static readonly TimeSpan s_fast = TimeSpan.FromSeconds(5);

    private readonly CapturedLogs _logs = new();
    private FakeHerald _herald = null!;

    public async Task InitializeAsync() => _herald = await FakeHerald.StartAsync();

    public async Task DisposeAsync()
    {
        ChimeTelemetry.Tracer?.Dispose(); // a test that failed before its own dispose
        await _herald.DisposeAsync();
    }

    [Fact]
    public void Setup_posts_the_instrument_id_and_credential_as_json()
    {
        using ChimeTracer tracer = Setup(options => options.Credential = Secret);

        TokenRequest request = Assert.Single(_herald.TokenRequests);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using JsonDocument body = JsonDocument.Parse(request.Body);
        Assert.Equal(["instrument_id", "credential"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("CHIME", request.InstrumentId);
        Assert.Equal(Secret, request.Credential);
    }

    [Fact]
    public void Setup_sends_a_configured_instrument_id()
    {
        using ChimeTracer tracer = Setup(options =>
        {
            options.Credential = Secret;
            options.InstrumentId = "CHIME-OUTRIGGER";
        });

        Assert.Equal("CHIME-OUTRIGGER", Assert.Single(_herald.TokenRequests).InstrumentId);
    }

    [Fact]
    public async Task Every_trace_export_carries_the_bearer_token()
    {
        _herald.AnswerTokens(_ => TokenAnswer.Issue("jwt-alpha", 86_400));
        using ChimeTracer tracer = Setup(options => options.Credential = Secret);

        for (int i = 0; i < 3; i++)
        {
            using (tracer.Create("l1-search", $"beam-{i}", "n2_acquisition"))
            {
            }

            Assert.True(tracer.Flush(TimeSpan.FromSeconds(10)));
        }

        IReadOnlyList<ExportRequest> traces = (await _herald.WaitForExportsAsync(e => e.Count(x => x.Path == FakeHerald.TraceExportPath) >= 3))
            .Where(e => e.Path == FakeHerald.TraceExportPath).ToArray();
        Assert.All(traces, export =>
        {
            Assert.Equal("Bearer jwt-alpha", export.Authorization);
            Assert.Equal("HTTP/2", export.Protocol);
        });
        Assert.Equal(3, traces.SelectMany(e => OtlpWire.ReadSpans(e.Message)).Count());
    }

    [Fact]
    public async Task Log_exports_carry_no_token()
    {
        using ChimeTracer tracer = Setup(options => options.Credential = Secret);

        using (tracer.Create("l1-search", "beam-1", "n2_acquisition"))
        {
            tracer.CreateLogger("CHIME.l1").LogInformation("inside the span");
        }

        Assert.True(tracer.Flush(TimeSpan.FromSeconds(10)));
        IReadOnlyList<ExportRequest> exports = await _herald.WaitForExportsAsync(e =>
            e.Any(x => x.Path == FakeHerald.LogExportPath) && e.Any(x => x.Path == FakeHerald.TraceExportPath));
        Assert.All(exports.Where(e => e.Path == FakeHerald.LogExportPath), export => Assert.Null(export.Authorization));
        Assert.All(exports.Where(e => e.Path == FakeHerald.TraceExportPath), export => Assert.Equal("Bearer token-1", export.Authorization));
    }

    [Theory]
    [InlineData(400, "instrument_id and credential are required")]
    [InlineData(401, "unauthorized")]
    [InlineData(401, "auth not configured for instrument")]
    [InlineData(405, "method not allowed")]
    [InlineData(500, "internal error")]
    public void Refusal_fails_setup_fast_with_the_status_and_without_the_secret(int status, string body)
    {
        _herald.AnswerTokens(_ => TokenAnswer.Refuse(status, body));
        Stopwatch elapsed = Stopwatch.StartNew();

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(() => Setup(options => options.Credential = Secret));

        Assert.True(elapsed.Elapsed < s_fast, $"Setup took {elapsed.Elapsed}.");
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains(body, error.Message, StringComparison.Ordinal);
        Assert.Contains(_herald.AuthEndpoint.ToString(), error.Message, StringComparison.Ordinal);
        AssertNoSecret(error.ToString());
        Assert.Null(ChimeTelemetry.Tracer);
    }

    [Fact]
    public void A_refusal_that_echoes_the_credential_is_quoted_with_the_credential_masked()
    {
        _herald.AnswerTokens(request => TokenAnswer.Refuse(401, $"unauthorized: credential '{request.Credential}' is not registered"));

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(() => Setup(options => options.Credential = Secret));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("unauthorized", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error.ToString());
    }

    [Theory]
    [InlineData("{\"token\": \"jwt-without-lifetime-8a1\"}")]
    [InlineData("{\"token\": \"jwt-without-lifetime-8a1\", \"expires_in\": -5}")]
    [InlineData("not json, but jwt-without-lifetime-8a1")]
    public void A_malformed_token_answer_fails_setup_without_quoting_the_token(string body)
    {
        _herald.AnswerTokens(_ => TokenAnswer.Raw(body));

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(() => Setup(options => options.Credential = Secret));

        Assert.Contains("answered 200", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error.ToString(), "jwt-without-lifetime-8a1");
        Assert.Null(ChimeTelemetry.Tracer);
    }

    [Fact]
    public void Unreachable_auth_endpoint_fails_setup_fast_without_the_secret()
    {
        int closedPort = ClosedPort();
        Stopwatch elapsed = Stopwatch.StartNew();

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(() => Setup(options =>
        {
            options.Credential = Secret;
            options.AuthEndpoint = $"http://127.0.0.1:{closedPort}/auth/token";
        }));

        Assert.True(elapsed.Elapsed < s_fast, $"Setup took {elapsed.Elapsed}.");
        Assert.Null(error.StatusCode);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closedPort}", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error.ToString());
        Assert.Null(ChimeTelemetry.Tracer);
    }

    [Fact]
    public async Task Token_is_refreshed_once_less_than_an_hour_is_left_calling_the_callback_again()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        int issued = 0;
        _herald.AnswerTokens(_ => TokenAnswer.Issue($"jwt-{Interlocked.Increment(ref issued)}", 7_200));
        int callbackCalls = 0;
        using ChimeTracer tracer = Setup(options =>
        {
            options.CredentialCallback = () => $"{Secret}-v{Interlocked.Increment(ref callbackCalls)}";
            options.TimeProvider = clock;
            options.Insecure = true; // plaintext: refreshed all the same (docs/helix-contract.md §3)
        });
        Assert.Equal(1, callbackCalls);

        await ExportOneSpanAsync(tracer, "before");
        clock.Advance(TimeSpan.FromMinutes(59)); // 61 minutes left: keep the token
        await ExportOneSpanAsync(tracer, "still-valid");
        Assert.Single(_herald.TokenRequests);

        clock.Advance(TimeSpan.FromMinutes(2)); // 59 minutes left: refresh before the export
        await ExportOneSpanAsync(tracer, "refreshed");

        Assert.Equal(2, callbackCalls);
        Assert.Equal([$"{Secret}-v1", $"{Secret}-v2"], _herald.TokenRequests.Select(r => r.Credential));
        Assert.Equal(["Bearer jwt-1", "Bearer jwt-1", "Bearer jwt-2"], TraceAuthorizations());

        clock.Advance(TimeSpan.FromMinutes(30)); // the new token has 90 minutes left
        await ExportOneSpanAsync(tracer, "after");
        Assert.Equal("Bearer jwt-2", TraceAuthorizations()[^1]);
        Assert.Equal(2, _herald.TokenRequests.Count);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_valid_token_and_warns_without_secrets()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        int requests = 0;
        _herald.AnswerTokens(_ => Interlocked.Increment(ref requests) == 1
            ? TokenAnswer.Issue("jwt-first", 7_200)
            : TokenAnswer.Refuse(500, "internal error"));
        using ChimeTracer tracer = Setup(options =>
        {
            options.Credential = Secret;
            options.TimeProvider = clock;
        });

        clock.Advance(TimeSpan.FromMinutes(90)); // 30 minutes left: refresh is due and fails
        await ExportOneSpanAsync(tracer, "kept");

        Assert.Equal(2, _herald.TokenRequests.Count);
        Assert.Equal("Bearer jwt-first", TraceAuthorizations()[^1]);
        string warning = Assert.Single(_logs.Entries, e => e.Contains("Herald token refresh failed", StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains("500", warning, StringComparison.Ordinal);
        AssertNoSecret(_logs.AllText, "jwt-first");
    }

    [Fact]
    public async Task Neither_the_secret_nor_a_token_appears_in_any_log_output()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        int issued = 0;
        _herald.AnswerTokens(_ => TokenAnswer.Issue($"jwt-{Interlocked.Increment(ref issued)}", 7_200));
        using (ChimeTracer tracer = Setup(options =>
        {
            options.Credential = Secret;
            options.TimeProvider = clock;
            options.MinimumLogLevel = LogLevel.Trace;
        }))
        {
            ILogger chime = tracer.CreateLogger("CHIME.auth");
            using (tracer.Create("l1-search", "beam-7", "n2_acquisition"))
            {
                chime.LogDebug("debug inside the span");
                chime.LogInformation("info inside the span");
                chime.LogWarning("warning inside the span");
            }

            await ExportOneSpanAsync(tracer, "first");
            clock.Advance(TimeSpan.FromHours(1.5));
            await ExportOneSpanAsync(tracer, "refreshed");
            Assert.Equal(2, _herald.TokenRequests.Count);
        }

        string fileLog = Folder.ReadAllText();
        Assert.Contains("info inside the span", fileLog, StringComparison.Ordinal);
        Assert.Contains("info inside the span", _logs.AllText, StringComparison.Ordinal);
        AssertNoSecret(fileLog, "jwt-1", "jwt-2");
        AssertNoSecret(_logs.AllText, "jwt-1", "jwt-2");
    }

    private ChimeTracer Setup(Action<ChimeLoggerOptions> configure) =>
        ChimeTelemetry.Setup(TestSetup.UniquePipeline("auth"), options =>
        {
            TestSetup.Isolate(options, Folder, _herald.OtlpEndpoint, _herald.OtlpEndpoint);
            options.AuthEndpoint = _herald.AuthEndpoint.ToString();
            options.AuthTimeout = TimeSpan.FromSeconds(4);
            options.ConfigureLoggerFactory = logging => logging.AddProvider(_logs);
            configure(options);
        });

    private async Task ExportOneSpanAsync(ChimeTracer tracer, string name)
    {
        int before = _herald.TraceExports.Count;
        using (tracer.Create("stage-" + name, "entity-" + name, "test"))
        {
        }

        Assert.True(tracer.Flush(TimeSpan.FromSeconds(10)));
        await _herald.WaitForExportsAsync(e => e.Count(x => x.Path == FakeHerald.TraceExportPath) > before);
    }

    private string[] TraceAuthorizations() => _herald.TraceExports.Select(e => e.Authorization ?? "(none)").ToArray();

    private static void AssertNoSecret(string text, params string[] tokens)
    {
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        foreach (string token in tokens)
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        }
    }

    private static int ClosedPort()
    {
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port; // released on dispose: nothing listens there
    }
}
