using System.Text;
using ChimeLogger.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChimeLogger.IntegrationTests.Auth;

/// <summary>
/// A herald that answers <c>Unauthenticated</c>, and a whole run with a credential and tokens whose every output is
/// scanned for them: captured logs, the file log, exception messages, and every span and log record as it was sent.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class HeraldSecurityTests : TelemetryTest, IAsyncLifetime
{
    private readonly string _secret = "reg-secret-" + Guid.NewGuid().ToString("N");
    private readonly CapturedLogs _logs = new();
    private FakeHerald _herald = null!;

    public async Task InitializeAsync() => _herald = await FakeHerald.StartAsync();

    public async Task DisposeAsync()
    {
        ChimeTelemetry.Tracer?.Dispose();
        await _herald.DisposeAsync();
    }

    [Fact]
    public async Task Unauthenticated_answers_are_counted_as_failed_and_warned_about_without_the_token_and_the_pipeline_goes_on()
    {
        const string Token = "jwt-refused-by-herald";
        _herald.AnswerTokens(_ => TokenAnswer.Issue(Token, 86_400));
        _herald.AnswerExports(16);
        using ChimeTracer tracer = Setup(options => { });

        for (int i = 0; i < 10; i++)
        {
            tracer.Create("l1-search", $"beam-{i}", "n2_acquisition").Complete();
        }

        tracer.Flush(TimeSpan.FromSeconds(10));
        await _herald.WaitForExportsAsync(e => e.Any(x => x.Path == FakeHerald.TraceExportPath));
        ExportStatistics refused = tracer.ExportStatistics;

        _herald.AnswerExports(0);
        for (int i = 0; i < 5; i++)
        {
            tracer.Create("l1-search", $"beam-after-{i}", "n2_acquisition").Complete();
        }

        Assert.True(tracer.Flush(TimeSpan.FromSeconds(10)));
        ExportStatistics statistics = tracer.ExportStatistics;

        Assert.Equal(10, refused.SpansFailed);
        Assert.Equal(0, refused.SpansExported);
        Assert.Equal(5, statistics.SpansExported);
        Assert.Equal(10, statistics.SpansFailed);
        string warning = Assert.Single(_logs.Entries, e => e.Contains("answered Unauthenticated", StringComparison.Ordinal));
        Assert.StartsWith("Warning ChimeLogger:", warning, StringComparison.Ordinal);
        Assert.Contains("HERALD_CREDENTIAL", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, _logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neither_the_credential_nor_any_token_appears_in_logs_files_exceptions_or_exported_telemetry()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        List<string> tokens = [];
        _herald.AnswerTokens(request =>
        {
            string token = $"jwt-{Guid.NewGuid():N}";
            lock (tokens)
            {
                tokens.Add(token);
            }

            return TokenAnswer.Issue(token, 7_200);
        });
        List<string> exceptionTexts = [];

        using (ChimeTracer tracer = Setup(options =>
        {
            options.TimeProvider = clock;
            options.MinimumLogLevel = LogLevel.Trace;
        }))
        {
            ILogger chime = tracer.CreateLogger("CHIME.scan");
            ILogger other = tracer.CreateLogger<HeraldSecurityTests>();
            using (HelixToken create = tracer.Create("l1-search", "beam-1", "n2_acquisition", ["block-1"]))
            {
                chime.LogTrace("trace line");
                chime.LogDebug("debug line");
                chime.LogInformation("info line {Beam}", "beam-1");
                other.LogWarning("warning line");
                create.AddEvent("helix.event.searched", new Dictionary<string, object?> { ["snr"] = 12.5 });
                create.AddError(new Dictionary<string, object?> { ["message"] = "replication_timeout", ["detail"] = "slow disk" });
                using (tracer.ChildSpan("dedisperse"))
                {
                    chime.LogError(new InvalidOperationException("a pipeline error"), "error line");
                }
            }

            using (HelixToken operate = tracer.Operate("classify", "event-1", "event"))
            {
                operate.RecordException(new TimeoutException("classification timed out"));
                operate.Complete(new Dictionary<string, object?> { ["classification"] = "frb" });
            }

            Assert.True(tracer.Flush(TimeSpan.FromSeconds(10)));

            // A refresh the herald refuses (the warning quotes its answer), then an Unauthenticated answer.
            clock.Advance(TimeSpan.FromHours(1.5));
            _herald.AnswerTokens(_ => TokenAnswer.Refuse(401, "unauthorized"));
            _herald.AnswerExports(16);
            tracer.Create("l1-search", "beam-2", "n2_acquisition").Complete();
            tracer.Flush(TimeSpan.FromSeconds(10));
            _herald.AnswerExports(0);
            Assert.True(tracer.ExportStatistics.SpansFailed >= 1);
        }

        // Exceptions a user would see: a refused credential and a credential without an auth endpoint.
        _herald.AnswerTokens(request => TokenAnswer.Refuse(401, "unauthorized " + request.Credential));
        exceptionTexts.Add(Assert.Throws<HeraldAuthenticationException>(() => Setup(options => { })).ToString());
        exceptionTexts.Add(Assert.Throws<ChimeLoggerConfigurationException>(() => ChimeTelemetry.Setup("scan", options =>
        {
            options.EnvironmentReader = _ => null;
            options.Credential = _secret;
        })).ToString());

        string[] secrets = [_secret, .. tokens];
        Assert.NotEmpty(tokens);
        Assert.All(_herald.TraceExports, e => Assert.StartsWith("Bearer jwt-", e.Authorization, StringComparison.Ordinal)); // the tokens were in use
        string wire = string.Join("\n", _herald.Exports.Select(Describe));
        Assert.Contains("beam-1", wire, StringComparison.Ordinal); // the scan reads real telemetry
        Assert.Contains("info line", wire, StringComparison.Ordinal);
        Assert.Contains("error line", Folder.ReadAllText(), StringComparison.Ordinal);
        Assert.Contains("Unauthenticated", _logs.AllText, StringComparison.Ordinal);
        Assert.Contains("Herald token refresh failed", _logs.AllText, StringComparison.Ordinal);
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, _logs.AllText, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, Folder.ReadAllText(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, wire, StringComparison.Ordinal);
            Assert.All(exceptionTexts, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task After_an_Unauthenticated_answer_the_next_export_carries_a_new_token()
    {
        int issued = 0;
        _herald.AnswerTokens(_ => TokenAnswer.Issue($"jwt-round-{Interlocked.Increment(ref issued)}", 86_400));
        _herald.AnswerExports(16);
        using ChimeTracer tracer = Setup(options => { });

        tracer.Create("l1-search", "beam-refused", "n2_acquisition").Complete();
        tracer.Flush(TimeSpan.FromSeconds(10));
        await _herald.WaitForExportsAsync(e => e.Any(x => x.Path == FakeHerald.TraceExportPath));
        _herald.AnswerExports(0);
        tracer.Create("l1-search", "beam-accepted", "n2_acquisition").Complete();
        Assert.True(tracer.Flush(TimeSpan.FromSeconds(10)));

        Assert.Equal(2, _herald.TokenRequests.Count);
        Assert.Equal(["Bearer jwt-round-1", "Bearer jwt-round-2"], _herald.TraceExports.Select(e => e.Authorization ?? "(none)"));
        Assert.Equal(1, tracer.ExportStatistics.SpansExported);
        Assert.DoesNotContain("jwt-round-", _logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>")]
    [InlineData("")]
    [InlineData("{\"token\": 42, \"expires_in\": 3600}")]
    public void An_auth_endpoint_answering_html_nothing_or_garbage_with_200_fails_setup_without_the_secret(string body)
    {
        _herald.AnswerTokens(_ => TokenAnswer.Raw(body));

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(() => Setup(options => { }));

        Assert.Contains(_herald.AuthEndpoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, error.ToString(), StringComparison.Ordinal);
        Assert.Null(ChimeTelemetry.Tracer);
    }

    [Fact]
    public void A_credential_or_token_sent_in_plaintext_to_another_host_is_warned_about_at_setup()
    {
        // No connection leaves this machine: no span ends, so nothing is exported, and the token exchange is answered
        // in process. (Export stays on: with it off, no token would be needed and no credential exchanged.)
        using ChimeTracer tracer = ChimeTelemetry.Setup(TestSetup.UniquePipeline("plaintext"), options =>
        {
            TestSetup.Isolate(options, Folder, new Uri("http://herald.example:4317"), new Uri("http://127.0.0.1:4317"));
            options.Credential = _secret;
            options.AuthEndpoint = "http://herald.example:8080/auth/token";
            options.AuthHttpHandler = new TokenIssuer("jwt-plaintext-3f2");
            options.ConfigureLoggerFactory = logging => logging.AddProvider(_logs);
        });

        Assert.Contains(_logs.Entries, e => e.StartsWith("Warning ChimeLogger: Herald tokens are sent in plaintext to http://herald.example:4317/", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.StartsWith("Warning ChimeLogger: The herald credential is sent in plaintext to http://herald.example:8080/auth/token", StringComparison.Ordinal));
        Assert.DoesNotContain(_secret, _logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("jwt-plaintext-3f2", _logs.AllText, StringComparison.Ordinal);
    }

    private ChimeTracer Setup(Action<ChimeLoggerOptions> configure) =>
        ChimeTelemetry.Setup(TestSetup.UniquePipeline("security"), options =>
        {
            TestSetup.Isolate(options, Folder, _herald.OtlpEndpoint, _herald.OtlpEndpoint);
            options.Credential = _secret;
            options.AuthEndpoint = _herald.AuthEndpoint.ToString();
            options.AuthTimeout = TimeSpan.FromSeconds(4);
            options.ExportRetry = ExportRetryMode.None;
            options.ConfigureLoggerFactory = logging => logging.AddProvider(_logs);
            configure(options);
        });

    private sealed class TokenIssuer(string token) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => new(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent($"{{\"token\": \"{token}\", \"expires_in\": 86400}}", Encoding.UTF8, "application/json"),
        };
    }

    /// <summary>Every span, event, log record and attribute of an export as it was sent, plus the raw bytes as text.</summary>
    private static string Describe(ExportRequest export)
    {
        StringBuilder text = new();
        if (export.Path == FakeHerald.TraceExportPath)
        {
            foreach (WireSpan span in OtlpWire.ReadSpans(export.Message))
            {
                text.Append(span.Name).Append(' ').AppendJoin(' ', span.Attributes.Select(a => $"{a.Key}={a.Value}")).AppendLine();
                foreach (WireEvent spanEvent in span.Events)
                {
                    text.Append(spanEvent.Name).Append(' ').AppendJoin(' ', spanEvent.Attributes.Select(a => $"{a.Key}={a.Value}")).AppendLine();
                }
            }
        }
        else if (export.Path == FakeHerald.LogExportPath)
        {
            foreach (WireLog log in OtlpWire.ReadLogs(export.Message))
            {
                text.Append(log.Body).Append(' ').AppendJoin(' ', log.Attributes.Select(a => $"{a.Key}={a.Value}")).AppendLine();
            }
        }

        text.AppendLine(Encoding.UTF8.GetString(export.Message));
        return text.ToString();
    }
}
