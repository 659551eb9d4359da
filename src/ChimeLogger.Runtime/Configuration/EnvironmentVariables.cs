namespace ChimeLogger;

/// <summary>The environment variables ChimeLogger reads (docs/helix-contract.md §5).</summary>
public static class EnvironmentVariables
{
    /// <summary>OTLP gRPC address for traces.</summary>
    public const string HeraldEndpoint = "HERALD_ENDPOINT";
    /// <summary>OTLP gRPC address for logs.</summary>
    public const string LogsEndpoint = "LOGS_ENDPOINT";
    /// <summary>Site name.</summary>
    public const string Site = "CHIME_LOGGER_SITE";
    /// <summary>Pipeline name used when none is passed to setup.</summary>
    public const string PipelineName = "CHIME_LOGGER_PIPELINE_NAME";
    /// <summary>Path of the rotating file log.</summary>
    public const string FileLogPath = "CHIME_LOGGER_FILE_LOG_PATH";
    /// <summary><c>false</c> for TLS.</summary>
    public const string Insecure = "HERALD_INSECURE";
    /// <summary>Registration secret or existing JWT.</summary>
    public const string Credential = "HERALD_CREDENTIAL";
    /// <summary>Herald <c>/auth/token</c> URL.</summary>
    public const string AuthEndpoint = "HERALD_AUTH_ENDPOINT";
    /// <summary>How many spans (and log records) may wait for export before new ones are dropped and counted.</summary>
    public const string ExportQueueSize = "CHIME_LOGGER_EXPORT_QUEUE_SIZE";
    /// <summary>Retry of failed exports: <c>memory</c> (default), <c>disk</c> or <c>none</c>.</summary>
    public const string ExportRetry = "CHIME_LOGGER_EXPORT_RETRY";
    /// <summary>Directory of disk retry, required with <c>CHIME_LOGGER_EXPORT_RETRY=disk</c>.</summary>
    public const string ExportRetryPath = "CHIME_LOGGER_EXPORT_RETRY_PATH";
    /// <summary>Seconds a batch that could not be exported is retried in memory (default 120).</summary>
    public const string ExportRetryWindow = "CHIME_LOGGER_EXPORT_RETRY_WINDOW";
    /// <summary>Mebibytes disk retry may keep per signal before evicting the oldest batches (default 1024).</summary>
    public const string ExportRetryDiskLimit = "CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB";
    /// <summary>Seconds between scheduled exports (default 5): what a process killed outright (SIGKILL) can lose.</summary>
    public const string ExportInterval = "CHIME_LOGGER_EXPORT_INTERVAL";

    /// <summary>Seconds the herald is given to write an export's creations before what refers to them is sent (default 1; 0 turns the ordering off).</summary>
    public const string ExportCreationPause = "CHIME_LOGGER_EXPORT_CREATION_PAUSE";
}
