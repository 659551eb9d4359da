namespace ChimeLogger.Configuration;

/// <summary>The environment variables ChimeLogger reads (helix-contract §5).</summary>
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
}
