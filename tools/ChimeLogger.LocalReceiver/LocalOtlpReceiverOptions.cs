namespace ChimeLogger.LocalReceiver;

/// <summary>How <see cref="LocalOtlpReceiver.StartAsync"/> starts the dashboard.</summary>
public sealed class LocalOtlpReceiverOptions
{
    /// <summary>The dashboard executable; <see langword="null"/> to use <see cref="AspireDashboardLocator.Locate"/>.</summary>
    public string? ExecutablePath { get; set; }

    /// <summary>Port of the web UI and the telemetry API on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int UiPort { get; set; }

    /// <summary>Port of the OTLP/gRPC receiver on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int OtlpGrpcPort { get; set; }

    /// <summary>Port of the OTLP/HTTP receiver on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int OtlpHttpPort { get; set; }

    /// <summary>How long to wait for the receiver to accept telemetry and answer its API. Default 60 seconds.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many times to start again on fresh ports when a port picked as free was taken in the meantime.
    /// Not used for ports set explicitly. Default 3.
    /// </summary>
    public int PortRetries { get; set; } = 3;

    /// <summary>Extra environment variables for the dashboard process (for example <c>Dashboard__TelemetryLimits__MaxLogCount</c>).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
