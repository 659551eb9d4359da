using ChimeLogger.Contract;
using System.Globalization;

namespace ChimeLogger.Configuration;

/// <summary>
/// The validated configuration ChimeLogger runs with: <see cref="ChimeLoggerOptions"/> merged with the
/// environment (code wins), defaults applied. Invalid values fail here, at setup, with a message that names
/// the setting and the value (never a credential).
/// </summary>
internal sealed class ChimeSettings
{
    private ChimeSettings(ChimeLoggerOptions options) => Options = options;

    public ChimeLoggerOptions Options { get; }

    /// <summary>The pipeline name, or <see langword="null"/> when neither code nor environment gives one.</summary>
    public string? Pipeline { get; private init; }

    /// <summary>The site, or <see langword="null"/> when neither code nor environment gives one.</summary>
    public string? Site { get; private init; }

    /// <summary>What spans and logs carry as the pipeline: <see cref="Pipeline"/> or <c>unknown_pipeline</c>.</summary>
    public string PipelineOrUnknown => Pipeline ?? Fallbacks.UnknownPipeline;

    /// <summary>What spans and logs carry as the site: <see cref="Site"/> or <c>unknown_site</c>.</summary>
    public string SiteOrUnknown => Site ?? Fallbacks.UnknownSite;

    public string InstrumentId { get; private init; } = ChimeLoggerOptions.DefaultInstrumentId;
    public string ServiceName { get; private init; } = "";
    public string ProcessName { get; private init; } = "";
    public Uri HeraldEndpoint { get; private init; } = null!;
    public Uri LogsEndpoint { get; private init; } = null!;
    public Uri? AuthEndpoint { get; private init; }
    public Func<string>? CredentialSource { get; private init; }
    public string FileLogPath { get; private init; } = ChimeLoggerOptions.DefaultFileLogPath;
    public int ExportQueueSize { get; private init; } = ChimeLoggerOptions.DefaultExportQueueSize;
    public ExportRetryMode ExportRetry { get; private init; } = ExportRetryMode.Memory;

    /// <summary>The full path of the disk retry directory, set only with <see cref="ExportRetryMode.Disk"/>.</summary>
    public string? ExportRetryPath { get; private init; }

    /// <summary>How long a batch that could not be exported is retried in memory.</summary>
    public TimeSpan ExportRetryWindow { get; private init; } = ChimeLoggerOptions.DefaultExportRetryWindow;

    /// <summary>
    /// The time the herald is given to write an export's creations before what refers to them is sent;
    /// <see cref="TimeSpan.Zero"/> when batches are sent as they come.
    /// </summary>
    public TimeSpan ExportCreationPause { get; private init; } = ChimeLoggerOptions.DefaultExportCreationPause;

    /// <summary>The most disk retry keeps per signal, in bytes.</summary>
    public long ExportRetryDiskLimitBytes { get; private init; } = ChimeLoggerOptions.DefaultExportRetryDiskLimitBytes;

    /// <summary>The time between scheduled exports.</summary>
    public TimeSpan ExportInterval { get; private init; } = ChimeLoggerOptions.DefaultExportInterval;

    /// <summary>Resolves and validates <paramref name="options"/> against the environment.</summary>
    /// <param name="options">Code options; they win over the environment.</param>
    /// <param name="pipeline">The pipeline passed to setup, which wins over both.</param>
    /// <exception cref="ChimeLoggerConfigurationException">A setting is invalid.</exception>
    public static ChimeSettings Resolve(ChimeLoggerOptions options, string? pipeline = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Func<string, string?> env = options.EnvironmentReader;

        string? pipelineName = FirstNonEmpty(pipeline, options.Pipeline, env(EnvironmentVariables.PipelineName));
        Setting<string?> siteSetting = Pick(options.Site, "ChimeLoggerOptions.Site", env, EnvironmentVariables.Site);
        string? site = siteSetting.Value is null ? null : ChimeSites.Resolve(siteSetting.Value, siteSetting.Name, options.AdditionalSites);

        if (string.IsNullOrWhiteSpace(options.InstrumentId))
        {
            throw new ChimeLoggerConfigurationException(
                "ChimeLoggerOptions.InstrumentId is empty: set it to the HelixObs instrument id (default \"CHIME\").");
        }

        Setting<bool?> insecure = options.Insecure is { } fromCode
            ? new(fromCode, "ChimeLoggerOptions.Insecure")
            : new(ParseBool(env(EnvironmentVariables.Insecure), EnvironmentVariables.Insecure), EnvironmentVariables.Insecure);

        Uri herald = ParseEndpoint(Pick(options.HeraldEndpoint, "ChimeLoggerOptions.HeraldEndpoint", env, EnvironmentVariables.HeraldEndpoint), insecure.Value);
        Uri logs = ParseEndpoint(Pick(options.LogsEndpoint, "ChimeLoggerOptions.LogsEndpoint", env, EnvironmentVariables.LogsEndpoint), insecure.Value);

        Func<string>? credential = options.CredentialCallback;
        if (credential is null)
        {
            string? secret = FirstNonEmpty(options.Credential, env(EnvironmentVariables.Credential));
            if (secret is not null)
            {
                credential = () => secret;
            }
        }

        Setting<string?> authSetting = Pick(options.AuthEndpoint, "ChimeLoggerOptions.AuthEndpoint", env, EnvironmentVariables.AuthEndpoint);
        Uri? auth = null;
        if (authSetting.Value is not null)
        {
            auth = ParseHttpUrl(authSetting);
        }

        if (credential is not null && auth is null)
        {
            throw new ChimeLoggerConfigurationException(
                $"A herald credential is configured but no auth endpoint: set {EnvironmentVariables.AuthEndpoint} " +
                "(or ChimeLoggerOptions.AuthEndpoint) to the herald's token URL, for example https://herald.example:8080/auth/token.");
        }

        if (options.FileLogSizeLimitBytes < 1024)
        {
            throw new ChimeLoggerConfigurationException(
                $"ChimeLoggerOptions.FileLogSizeLimitBytes is {options.FileLogSizeLimitBytes.ToString(CultureInfo.InvariantCulture)}: it must be at least 1024 bytes.");
        }

        if (options.FileLogRetainedFiles < 1)
        {
            throw new ChimeLoggerConfigurationException(
                $"ChimeLoggerOptions.FileLogRetainedFiles is {options.FileLogRetainedFiles.ToString(CultureInfo.InvariantCulture)}: it must be at least 1.");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new ChimeLoggerConfigurationException(
                $"ChimeLoggerOptions.ShutdownTimeout is {options.ShutdownTimeout}: it must be positive.");
        }

        string filePath = FirstNonEmpty(options.FileLogPath, env(EnvironmentVariables.FileLogPath)) ?? ChimeLoggerOptions.DefaultFileLogPath;
        int queueSize = ExportSettingRules.QueueSize.Resolve(options.ExportQueueSize, env);
        ExportRetryMode retry = options.ExportRetry ?? ParseRetry(env(EnvironmentVariables.ExportRetry));
        string? retryPath = retry == ExportRetryMode.Disk ? ResolveRetryPath(options, env) : null;
        TimeSpan retryWindow = ExportSettingRules.RetryWindow(retry).Resolve(options.ExportRetryWindow, env);
        long diskLimit = ExportSettingRules.DiskLimitBytes.Resolve(options.ExportRetryDiskLimitBytes, env);
        TimeSpan exportInterval = ExportSettingRules.ExportInterval.Resolve(options.ExportInterval, env);
        TimeSpan creationPause = ExportSettingRules.CreationPause.Resolve(options.ExportCreationPause, env);
        string effectivePipeline = pipelineName ?? Fallbacks.UnknownPipeline;

        return new ChimeSettings(options)
        {
            Pipeline = pipelineName,
            Site = site,
            InstrumentId = options.InstrumentId,
            ServiceName = FirstNonEmpty(options.ServiceName) ?? "chime." + effectivePipeline,
            ProcessName = FirstNonEmpty(options.ProcessName) ?? "CHIME/" + effectivePipeline,
            HeraldEndpoint = herald,
            LogsEndpoint = logs,
            AuthEndpoint = auth,
            CredentialSource = credential,
            FileLogPath = filePath,
            ExportQueueSize = queueSize,
            ExportRetry = retry,
            ExportRetryPath = retryPath,
            ExportRetryWindow = retryWindow,
            ExportRetryDiskLimitBytes = diskLimit,
            ExportInterval = exportInterval,
            ExportCreationPause = creationPause,
        };
    }

    private static ExportRetryMode ParseRetry(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ExportRetryMode.Memory;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "memory" => ExportRetryMode.Memory,
            "disk" => ExportRetryMode.Disk,
            "none" => ExportRetryMode.None,
            _ => throw new ChimeLoggerConfigurationException(
                $"Invalid {EnvironmentVariables.ExportRetry} '{value}': expected memory (default), disk or none."),
        };
    }

    // Disk retry without a usable directory would lose what it promises to keep: fail at setup, naming the setting.
    private static string ResolveRetryPath(ChimeLoggerOptions options, Func<string, string?> env)
    {
        Setting<string?> setting = Pick(options.ExportRetryPath, "ChimeLoggerOptions.ExportRetryPath", env, EnvironmentVariables.ExportRetryPath);
        if (setting.Value is null)
        {
            throw new ChimeLoggerConfigurationException(
                $"Disk retry needs a directory: set {EnvironmentVariables.ExportRetryPath} (or ChimeLoggerOptions.ExportRetryPath) " +
                $"to a writable directory, for example /var/lib/chime/export-retry, or set {EnvironmentVariables.ExportRetry}=memory.");
        }

        try
        {
            string full = Path.GetFullPath(setting.Value.Trim());
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, ".chimelogger-write-check-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ChimeLoggerConfigurationException(
                $"Invalid {setting.Name} '{setting.Value}': the disk retry directory cannot be created or written ({ex.Message}).", ex);
        }
    }

    /// <summary>
    /// Parses an OTLP endpoint: an explicit <c>http://</c> or <c>https://</c> URL is taken as it is;
    /// a bare <c>host:port</c> gets <c>http</c> when <paramref name="insecure"/> says so, <c>https</c> when it
    /// says TLS, and otherwise <c>https</c> only for port 443.
    /// </summary>
    internal static Uri ParseEndpoint(Setting<string?> setting, bool? insecure)
    {
        string value = setting.Value ?? ChimeLoggerOptions.DefaultEndpoint;
        string trimmed = value.Trim();
        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            if (Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? url)
                && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                && !string.IsNullOrEmpty(url.Host))
            {
                return url;
            }

            throw InvalidEndpoint(setting, value);
        }

        int colon = trimmed.LastIndexOf(':');
        if (colon <= 0 || colon == trimmed.Length - 1)
        {
            throw InvalidEndpoint(setting, value);
        }

        string host = trimmed[..colon];
        string portText = trimmed[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw InvalidEndpoint(setting, value);
        }

        bool tls = insecure is { } explicitInsecure ? !explicitInsecure : port == 443;
        string scheme = tls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        if (Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown
            || !Uri.TryCreate($"{scheme}://{host}:{port.ToString(CultureInfo.InvariantCulture)}", UriKind.Absolute, out Uri? endpoint))
        {
            throw InvalidEndpoint(setting, value);
        }

        return endpoint;
    }

    internal static bool? ParseBool(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        switch (value.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                return true;
            case "false" or "0" or "no" or "off":
                return false;
            default:
                throw new ChimeLoggerConfigurationException(
                    $"Invalid {name} '{value}': expected true (plaintext gRPC) or false (TLS).");
        }
    }

    private static Uri ParseHttpUrl(Setting<string?> setting)
    {
        string value = setting.Value!.Trim();
        if (Uri.TryCreate(value, UriKind.Absolute, out Uri? url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(url.Host))
        {
            return url;
        }

        throw new ChimeLoggerConfigurationException(
            $"Invalid {setting.Name} '{setting.Value}': expected an http:// or https:// URL of the herald's token endpoint, " +
            "for example https://herald.example:8080/auth/token.");
    }

    private static ChimeLoggerConfigurationException InvalidEndpoint(Setting<string?> setting, string value) => new(
        $"Invalid {setting.Name} '{value}': expected host:port (for example localhost:4317) or an http:// or https:// URL " +
        "(for example https://herald.example:443).");

    private static Setting<string?> Pick(string? fromCode, string codeName, Func<string, string?> env, string variable)
    {
        if (!string.IsNullOrWhiteSpace(fromCode))
        {
            return new(fromCode, codeName);
        }

        string? fromEnvironment = env(variable);
        return new(string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment, variable);
    }

    private static string? FirstNonEmpty(params ReadOnlySpan<string?> values)
    {
        foreach (string? value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    /// <summary>A configuration value and the name of where it came from, for error messages.</summary>
    internal readonly record struct Setting<T>(T Value, string Name);
}
