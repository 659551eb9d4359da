using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChimeLogger.Diagnostics;

namespace ChimeLogger.Auth;

/// <summary>
/// Exchanges the herald credential for a bearer token (docs/helix-contract.md §3) and keeps it fresh: a new token is
/// fetched once less than <see cref="RefreshMargin"/> of validity is left, whether the export is plaintext
/// or TLS, calling the credential source again each time. Neither the credential nor a token ever appears
/// in a message or log written here.
/// </summary>
internal sealed class HeraldTokenSource : IDisposable
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromHours(1);
    public static readonly TimeSpan RefusedRetryInterval = TimeSpan.FromMinutes(1);
    private const int MaxQuotedBodyLength = 200;

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _instrumentId;
    private readonly Func<string> _credential;
    private readonly TimeProvider _time;
    private readonly WarningLog _warnings;
    private readonly Lock _gate = new();
    private volatile TokenState? _state;
    private volatile TokenState? _refused;
    private DateTimeOffset _lastRefusedExchange = DateTimeOffset.MinValue;

    public HeraldTokenSource(
        Uri endpoint, string instrumentId, Func<string> credential, TimeProvider time, TimeSpan timeout, WarningLog warnings, HttpMessageHandler? handler = null)
    {
        _endpoint = endpoint;
        _warnings = warnings;
        _instrumentId = instrumentId;
        _credential = credential;
        _time = time;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = timeout;
    }

    /// <summary>How many token exchanges succeeded (start-up included).</summary>
    public int ExchangeCount { get; private set; }

    /// <summary>When the current token expires, or <see langword="null"/> before the first exchange.</summary>
    public DateTimeOffset? ExpiresAt => _state?.ExpiresAt;

    /// <summary>Exchanges the credential now. Start-up calls this so that a refused credential fails fast.</summary>
    /// <exception cref="HeraldAuthenticationException">The herald refused or could not be reached.</exception>
    public void Initialize()
    {
        lock (_gate)
        {
            _state = Exchange();
        }
    }

    /// <summary>
    /// Marks the current token as refused by the herald (it answered <c>Unauthenticated</c>), so that the next export
    /// exchanges the credential again instead of waiting for the token's last hour. At most once a minute.
    /// </summary>
    public void TokenRefused() => _refused = _state;

    /// <summary>
    /// The value of the <c>authorization</c> header for the next export: the current token, refreshed first
    /// when less than an hour of it is left or when the herald refused it. A failed refresh keeps the old token
    /// while it is valid and logs a warning; export is never stopped by it.
    /// </summary>
    public string? GetAuthorizationHeader()
    {
        TokenState? state = _state;
        if (state is not null && !ReferenceEquals(state, _refused) && state.ExpiresAt - _time.GetUtcNow() > RefreshMargin)
        {
            return state.Header;
        }

        lock (_gate)
        {
            state = _state;
            DateTimeOffset now = _time.GetUtcNow();
            bool refused = state is not null && ReferenceEquals(state, _refused);
            if (state is not null && state.ExpiresAt - now > RefreshMargin
                && (!refused || now - _lastRefusedExchange < RefusedRetryInterval))
            {
                return state.Header;
            }

            if (refused)
            {
                _lastRefusedExchange = now;
            }

            try
            {
                _state = state = Exchange();
            }
            catch (HeraldAuthenticationException ex)
            {
                ChimeWarnings.TokenRefreshFailed(_warnings.Logger, ex.Message);
            }

            return state?.Header;
        }
    }

    public void Dispose() => _http.Dispose();

    private TokenState Exchange()
    {
        string credential;
        try
        {
            credential = _credential();
        }
        catch (Exception ex)
        {
            // The callback's own message may quote the secret: only its type is reported.
            throw new HeraldAuthenticationException($"The herald credential callback threw {ex.GetType().Name}; no token could be requested.");
        }

        if (string.IsNullOrWhiteSpace(credential))
        {
            throw new HeraldAuthenticationException("The herald credential is empty: set HERALD_CREDENTIAL or return a non-empty value from the credential callback.");
        }

        using HttpRequestMessage request = new(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(RequestBody(_instrumentId, credential)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        HttpResponseMessage response;
        try
        {
            response = _http.Send(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
        {
            string why = ex is TaskCanceledException or OperationCanceledException
                ? $"no answer within {_http.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
                : ex.Message;
            throw new HeraldAuthenticationException($"The herald auth endpoint {_endpoint} could not be reached: {why}.");
        }

        using (response)
        {
            string body = ReadBody(response);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HeraldAuthenticationException(
                    $"The herald auth endpoint {_endpoint} refused the token request for instrument '{_instrumentId}': " +
                    $"{(int)response.StatusCode} {response.ReasonPhrase} \"{Quote(body, credential)}\".")
                {
                    StatusCode = (int)response.StatusCode,
                };
            }

            (string token, double expiresIn) = ParseToken(body);
            ExchangeCount++;
            return new TokenState("Bearer " + token, _time.GetUtcNow().AddSeconds(expiresIn));
        }
    }

    private (string Token, double ExpiresIn) ParseToken(string body)
    {
        // The body holds the token: describe what is wrong with it, never quote it.
        string where = $"The herald auth endpoint {_endpoint} answered 200";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new HeraldAuthenticationException($"{where} with a body that is not JSON; expected {{\"token\": \"...\", \"expires_in\": seconds}}. Check that HERALD_AUTH_ENDPOINT is the herald's /auth/token URL.");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("token", out JsonElement tokenElement)
                || tokenElement.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(tokenElement.GetString()))
            {
                throw new HeraldAuthenticationException($"{where} without a \"token\" string.");
            }

            if (!root.TryGetProperty("expires_in", out JsonElement expiresElement)
                || expiresElement.ValueKind != JsonValueKind.Number
                || !expiresElement.TryGetDouble(out double expiresIn)
                || expiresIn <= 0)
            {
                throw new HeraldAuthenticationException($"{where} without a positive \"expires_in\" (seconds); the token's lifetime is unknown.");
            }

            return (tokenElement.GetString()!, expiresIn);
        }
    }

    private static byte[] RequestBody(string instrumentId, string credential)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter writer = new(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("instrument_id", instrumentId);
            writer.WriteString("credential", credential);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static string ReadBody(HttpResponseMessage response)
    {
        try
        {
            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return "";
        }
    }

    // An error body is quoted to help the user, trimmed, on one line, and with the credential masked in
    // case a proxy or a misconfigured endpoint echoes the request.
    private static string Quote(string body, string credential)
    {
        string text = body.Replace(credential, "***", StringComparison.Ordinal).Trim();
        StringBuilder line = new(Math.Min(text.Length, MaxQuotedBodyLength));
        foreach (char c in text)
        {
            if (line.Length == MaxQuotedBodyLength)
            {
                line.Append('…');
                break;
            }

            line.Append(char.IsControl(c) ? ' ' : c);
        }

        return line.ToString();
    }


    private sealed record TokenState(string Header, DateTimeOffset ExpiresAt);
}
