using System.Net;
using System.Text;
using System.Text.Json;
using ChimeLogger.Auth;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChimeLogger.Tests.Auth;

/// <summary>
/// The herald token exchange and the bearer token on trace exports (docs/helix-contract.md §3), on an in-process auth
/// endpoint and herald: what is sent, when a token is reused, refreshed or requested again after a refusal, and what
/// the errors say, never quoting the credential or a token. The same flows run over the network in the integration tests.
/// </summary>
public sealed class HeraldTokenTests
{
    private const string Credential = "s3cret-credential";
    private static readonly Uri AuthEndpoint = new("https://herald.example:8080/auth/token");

    [Fact]
    public void The_exchange_posts_the_instrument_and_credential_and_the_export_carries_the_bearer_token()
    {
        AuthEndpointStub auth = new(_ => Token("tok-1", 7200));
        using HeraldTokenSource tokens = Source(auth, new FakeTimeProvider());
        tokens.Initialize();
        HeraldStub herald = new();
        using HttpClient client = new(new HeraldAuthorizationHandler(tokens, herald));

        using HttpRequestMessage export = new(HttpMethod.Post, "http://herald.example:4317/export");
        export.Headers.TryAddWithoutValidation("authorization", "Bearer stale");
        client.Send(export).Dispose();

        Assert.Equal(1, tokens.ExchangeCount);
        JsonElement body = JsonDocument.Parse(Assert.Single(auth.Bodies)).RootElement;
        Assert.Equal("CHIME", body.GetProperty("instrument_id").GetString());
        Assert.Equal(Credential, body.GetProperty("credential").GetString());
        Assert.Equal(["Bearer tok-1"], Assert.Single(herald.AuthorizationHeaders));
    }

    [Fact]
    public void A_token_is_reused_until_an_hour_before_it_expires_then_refreshed()
    {
        int issued = 0;
        AuthEndpointStub auth = new(_ => Token("tok-" + ++issued, 7200));
        FakeTimeProvider time = new();
        using HeraldTokenSource tokens = Source(auth, time);
        tokens.Initialize();

        Assert.Equal("Bearer tok-1", tokens.GetAuthorizationHeader());
        time.Advance(TimeSpan.FromSeconds(3599));
        Assert.Equal("Bearer tok-1", tokens.GetAuthorizationHeader());
        Assert.Equal(1, tokens.ExchangeCount);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Bearer tok-2", tokens.GetAuthorizationHeader());
        Assert.Equal(2, tokens.ExchangeCount);
        Assert.Equal(time.GetUtcNow().AddSeconds(7200), tokens.ExpiresAt);
    }

    [Fact]
    public void An_unauthenticated_answer_has_a_new_token_requested_at_most_once_a_minute()
    {
        int issued = 0;
        AuthEndpointStub auth = new(_ => Token("tok-" + ++issued, 7200));
        FakeTimeProvider time = new();
        using HeraldTokenSource tokens = Source(auth, time);
        tokens.Initialize();
        HeraldStub herald = new() { Unauthenticated = true };
        using HttpClient client = new(new HeraldAuthorizationHandler(tokens, herald));

        Export(client);
        Export(client);
        Assert.Equal(2, tokens.ExchangeCount); // the refusal of tok-1 had tok-2 requested for the second export
        Export(client);
        Assert.Equal(2, tokens.ExchangeCount); // tok-2 was refused too, but less than a minute ago

        time.Advance(TimeSpan.FromMinutes(1));
        herald.Unauthenticated = false;
        Export(client);
        Export(client);

        Assert.Equal(3, tokens.ExchangeCount);
        Assert.Equal(["Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-3", "Bearer tok-3"], herald.AuthorizationHeaders.Select(h => h.Single()));
    }

    [Fact]
    public void A_failed_refresh_keeps_the_current_token_while_it_is_valid_and_warns_without_the_secret()
    {
        bool refuse = false;
        AuthEndpointStub auth = new(_ => refuse ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : Token("tok-1", 7200));
        FakeTimeProvider time = new();
        CapturingLogger logger = new();
        using HeraldTokenSource tokens = Source(auth, time, logger);
        tokens.Initialize();

        refuse = true;
        time.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal("Bearer tok-1", tokens.GetAuthorizationHeader());
        string warning = Assert.Single(logger.Messages);
        Assert.Contains("Herald token refresh failed", warning, StringComparison.Ordinal);
        Assert.Contains("503", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(Credential, warning, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-1", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_quotes_the_body_on_one_line_shortened_and_with_the_credential_masked()
    {
        string echoed = "denied for " + Credential + "\r\n" + new string('x', 300);
        AuthEndpointStub auth = new(_ => new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent(echoed) });
        using HeraldTokenSource tokens = Source(auth, new FakeTimeProvider());

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(tokens.Initialize);

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("refused the token request for instrument 'CHIME': 403 Forbidden \"denied for ***  xxx", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Credential, error.Message, StringComparison.Ordinal);
        Assert.Contains(new string('x', 184) + "…\"", error.Message, StringComparison.Ordinal); // 200 characters quoted, then the ellipsis
        Assert.DoesNotContain(new string('x', 185), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "a body that is not JSON")]
    [InlineData("[]", "without a \"token\" string")]
    [InlineData("{\"expires_in\": 60}", "without a \"token\" string")]
    [InlineData("{\"token\": 5, \"expires_in\": 60}", "without a \"token\" string")]
    [InlineData("{\"token\": \" \", \"expires_in\": 60}", "without a \"token\" string")]
    [InlineData("{\"token\": \"tok-9\"}", "without a positive \"expires_in\"")]
    [InlineData("{\"token\": \"tok-9\", \"expires_in\": \"60\"}", "without a positive \"expires_in\"")]
    [InlineData("{\"token\": \"tok-9\", \"expires_in\": 0}", "without a positive \"expires_in\"")]
    public void An_unusable_answer_is_described_without_quoting_it(string body, string expected)
    {
        AuthEndpointStub auth = new(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        using HeraldTokenSource tokens = Source(auth, new FakeTimeProvider());

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(tokens.Initialize);

        Assert.Contains($"The herald auth endpoint {AuthEndpoint} answered 200", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-9", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public void A_credential_callback_that_throws_is_named_by_its_type_only_and_an_empty_credential_is_refused()
    {
        AuthEndpointStub auth = new(_ => Token("tok-1", 7200));
        using HeraldTokenSource throwing = new(AuthEndpoint, "CHIME", () => throw new InvalidOperationException("vault said " + Credential), new FakeTimeProvider(), TimeSpan.FromSeconds(5), WarningLog.Silent, auth);
        using HeraldTokenSource empty = new(AuthEndpoint, "CHIME", () => " ", new FakeTimeProvider(), TimeSpan.FromSeconds(5), WarningLog.Silent, auth);

        HeraldAuthenticationException thrown = Assert.Throws<HeraldAuthenticationException>(throwing.Initialize);
        HeraldAuthenticationException blank = Assert.Throws<HeraldAuthenticationException>(empty.Initialize);

        Assert.Contains("callback threw InvalidOperationException", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Credential, thrown.Message, StringComparison.Ordinal);
        Assert.Contains("credential is empty", blank.Message, StringComparison.Ordinal);
        Assert.Empty(auth.Bodies);
    }

    [Fact]
    public void An_unreachable_auth_endpoint_is_named_with_the_reason()
    {
        AuthEndpointStub auth = new(_ => throw new HttpRequestException("Connection refused"));
        using HeraldTokenSource tokens = Source(auth, new FakeTimeProvider());

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(tokens.Initialize);

        Assert.Contains($"The herald auth endpoint {AuthEndpoint} could not be reached: Connection refused.", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public void The_export_monitor_counts_every_unauthenticated_answer_and_warns_once_a_minute_at_most()
    {
        CapturingLogger logger = new();
        FakeTimeProvider time = new();
        HeraldExportMonitor monitor = new(new Uri("https://herald.example:4317"), time, new WarningLog(logger));
        HttpResponseMessage Answer(string status, bool inTrailers)
        {
            HttpResponseMessage response = new(HttpStatusCode.OK);
            (inTrailers ? response.TrailingHeaders : (System.Net.Http.Headers.HttpHeaders)response.Headers).TryAddWithoutValidation("grpc-status", status);
            return response;
        }

        Assert.True(monitor.Inspect(Answer("16", inTrailers: false)));
        Assert.True(monitor.Inspect(Answer("16", inTrailers: true)));
        Assert.False(monitor.Inspect(Answer("14", inTrailers: true)));
        Assert.False(monitor.Inspect(new HttpResponseMessage(HttpStatusCode.OK)));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(monitor.Inspect(Answer("16", inTrailers: true)));
        Assert.Single(logger.Messages);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(monitor.Inspect(Answer("16", inTrailers: true)));

        Assert.Equal(4, monitor.UnauthenticatedCount);
        Assert.Equal(2, logger.Messages.Count);
        Assert.Contains("The herald at https://herald.example:4317/ answered Unauthenticated to 1 trace export(s)", logger.Messages[0], StringComparison.Ordinal);
        Assert.Contains("answered Unauthenticated to 3 trace export(s)", logger.Messages[1], StringComparison.Ordinal); // the count since the last warning
    }

    [Fact]
    public async Task An_asynchronous_export_carries_the_token_and_its_refusal_is_noticed()
    {
        int issued = 0;
        AuthEndpointStub auth = new(_ => Token("tok-" + ++issued, 7200));
        using HeraldTokenSource tokens = Source(auth, new FakeTimeProvider());
        tokens.Initialize();
        HeraldStub herald = new() { Unauthenticated = true };
        using HttpClient client = new(new HeraldAuthorizationHandler(tokens, herald));

        (await client.PostAsync("http://herald.example:4317/export", null)).Dispose();
        herald.Unauthenticated = false;
        (await client.PostAsync("http://herald.example:4317/export", null)).Dispose();

        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], herald.AuthorizationHeaders.Select(h => h.Single()));
    }

    [Fact]
    public void A_refusal_soon_after_a_scheduled_refresh_still_has_a_new_token_requested()
    {
        int issued = 0;
        AuthEndpointStub auth = new(_ => Token("tok-" + ++issued, 7200));
        FakeTimeProvider time = new();
        using HeraldTokenSource tokens = Source(auth, time);
        tokens.Initialize();
        HeraldStub herald = new();
        using HttpClient client = new(new HeraldAuthorizationHandler(tokens, herald));

        time.Advance(TimeSpan.FromHours(1));
        herald.Unauthenticated = true;
        Export(client); // tok-1 is due: tok-2 is requested, and refused
        herald.Unauthenticated = false;
        time.Advance(TimeSpan.FromSeconds(10));
        Export(client);

        Assert.Equal(["Bearer tok-2", "Bearer tok-3"], herald.AuthorizationHeaders.Select(h => h.Single()));
    }

    [Fact]
    public void An_auth_endpoint_that_does_not_answer_in_time_is_named_with_the_timeout()
    {
        AuthEndpointStub auth = new(_ => throw new TaskCanceledException("The request was canceled."));
        using HeraldTokenSource tokens = Source(auth, new FakeTimeProvider());

        HeraldAuthenticationException error = Assert.Throws<HeraldAuthenticationException>(tokens.Initialize);

        Assert.Contains("could not be reached: no answer within 5 s.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_the_token_source_leaves_a_handler_it_was_given_to_its_owner()
    {
        AuthEndpointStub auth = new(_ => Token("tok-1", 7200));
        HeraldTokenSource tokens = Source(auth, new FakeTimeProvider());
        tokens.Initialize();

        tokens.Dispose();

        Assert.False(auth.Disposed);
    }

    private static void Export(HttpClient client)
    {
        using HttpRequestMessage export = new(HttpMethod.Post, "http://herald.example:4317/export");
        client.Send(export).Dispose();
    }

    private static HeraldTokenSource Source(AuthEndpointStub auth, TimeProvider time, ILogger? warnings = null) =>
        new(AuthEndpoint, "CHIME", () => Credential, time, TimeSpan.FromSeconds(5), warnings is null ? WarningLog.Silent : new WarningLog(warnings), auth);

    private static HttpResponseMessage Token(string token, int expiresIn) => new(HttpStatusCode.OK)
    {
        Content = new StringContent($"{{\"token\": \"{token}\", \"expires_in\": {expiresIn}}}", Encoding.UTF8, "application/json"),
    };

    /// <summary>The herald's /auth/token, answering each request as told and keeping the bodies it received.</summary>
    private sealed class AuthEndpointStub(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                Bodies.Add(request.Content.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult());
            }

            return answer(request);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }

    /// <summary>A herald that keeps the authorization header of each export and answers OK or Unauthenticated.</summary>
    private sealed class HeraldStub : HttpMessageHandler
    {
        public bool Unauthenticated { get; set; }

        public List<string[]> AuthorizationHeaders { get; } = [];

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            AuthorizationHeaders.Add(request.Headers.TryGetValues("authorization", out IEnumerable<string>? values) ? values.ToArray() : []);
            HttpResponseMessage response = new(HttpStatusCode.OK);
            response.TrailingHeaders.TryAddWithoutValidation("grpc-status", Unauthenticated ? "16" : "0");
            return response;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
