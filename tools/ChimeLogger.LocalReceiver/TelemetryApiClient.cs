using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChimeLogger.LocalReceiver.Model;

namespace ChimeLogger.LocalReceiver;

/// <summary>
/// Reads the telemetry API of an Aspire dashboard that is already running (started by someone else), for
/// example <c>http://127.0.0.1:18888/</c>: the same read model as <see cref="LocalOtlpReceiver"/>.
/// </summary>
public sealed class TelemetryApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Func<string>? _describeUnanswered;

    /// <summary>Creates a client for the dashboard at <paramref name="dashboardUrl"/>.</summary>
    /// <param name="dashboardUrl">The dashboard's base URL (web UI and API).</param>
    public TelemetryApiClient(Uri dashboardUrl)
        : this(dashboardUrl, describeUnanswered: null)
    {
    }

    /// <param name="dashboardUrl">The dashboard's base URL.</param>
    /// <param name="describeUnanswered">Adds what is known about the dashboard (its state, its log) to "did not answer" errors.</param>
    internal TelemetryApiClient(Uri dashboardUrl, Func<string>? describeUnanswered)
    {
        ArgumentNullException.ThrowIfNull(dashboardUrl);
        _describeUnanswered = describeUnanswered;
        DashboardUrl = dashboardUrl.AbsoluteUri.EndsWith('/') ? dashboardUrl : new Uri(dashboardUrl.AbsoluteUri + "/");
        _http = new HttpClient { BaseAddress = DashboardUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The dashboard's base URL.</summary>
    public Uri DashboardUrl { get; }

    /// <summary>Reads spans.</summary>
    /// <param name="query">Filters; <see langword="null"/> for everything.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The spans.</returns>
    /// <exception cref="LocalReceiverException">The dashboard did not answer or answered an error.</exception>
    public async Task<IReadOnlyList<ReceivedSpan>> GetSpansAsync(TelemetryQuery? query = null, CancellationToken cancellationToken = default)
    {
        using JsonDocument? document = await GetJsonAsync("api/telemetry/spans" + query.ToQueryString(), cancellationToken).ConfigureAwait(false);
        return document is null ? [] : OtlpJsonReader.ReadSpans(document.RootElement);
    }

    /// <summary>Reads log records.</summary>
    /// <param name="query">Filters; <see langword="null"/> for everything.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The log records.</returns>
    /// <exception cref="LocalReceiverException">The dashboard did not answer or answered an error.</exception>
    public async Task<IReadOnlyList<ReceivedLog>> GetLogsAsync(TelemetryQuery? query = null, CancellationToken cancellationToken = default)
    {
        using JsonDocument? document = await GetJsonAsync("api/telemetry/logs" + query.ToQueryString(), cancellationToken).ConfigureAwait(false);
        return document is null ? [] : OtlpJsonReader.ReadLogs(document.RootElement);
    }

    /// <summary>Reads every span of one trace.</summary>
    /// <param name="traceId">The trace id, 32 hex digits.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The spans of the trace; empty when the receiver has none of it.</returns>
    /// <exception cref="LocalReceiverException">The dashboard did not answer or answered an error.</exception>
    public async Task<IReadOnlyList<ReceivedSpan>> GetTraceAsync(string traceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(traceId);
        using JsonDocument? document = await GetJsonAsync("api/telemetry/traces/" + Uri.EscapeDataString(traceId), cancellationToken).ConfigureAwait(false);
        return document is null ? [] : OtlpJsonReader.ReadSpans(document.RootElement);
    }

    /// <summary>Lists the resources (applications, by <c>service.name</c>) the receiver has telemetry from.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The resources.</returns>
    /// <exception cref="LocalReceiverException">The dashboard did not answer or answered an error.</exception>
    public async Task<IReadOnlyList<ReceivedResource>> GetResourcesAsync(CancellationToken cancellationToken = default)
    {
        using JsonDocument? document = await GetJsonAsync("api/telemetry/resources", cancellationToken).ConfigureAwait(false);
        return document is null ? [] : OtlpJsonReader.ReadResources(document.RootElement);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument?> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new LocalReceiverException(
                $"The dashboard at {DashboardUrl} did not answer GET /{path}: {ex.Message}.{_describeUnanswered?.Invoke()}", ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null; // unknown trace or resource
            }

            if (!response.IsSuccessStatusCode)
            {
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new LocalReceiverException(
                    $"GET {DashboardUrl}{path} answered {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}: {body}");
            }

            Stream content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The query string of the dashboard's telemetry API for a <see cref="TelemetryQuery"/>.</summary>
internal static class TelemetryQueryText
{
    /// <summary>Asked for when no limit is given: the dashboard answers 200 items per call otherwise.</summary>
    public const int Everything = 100_000;

    public static string ToQueryString(this TelemetryQuery? query)
    {
        query ??= TelemetryQuery.All;
        StringBuilder text = new("?limit=");
        text.Append((query.Limit ?? Everything).ToString(CultureInfo.InvariantCulture));
        if (query.TraceId is { Length: > 0 } traceId)
        {
            text.Append("&traceId=").Append(Uri.EscapeDataString(traceId));
        }

        if (query.Resource is { Length: > 0 } resource)
        {
            text.Append("&resource=").Append(Uri.EscapeDataString(resource));
        }

        return text.ToString();
    }
}
