namespace ChimeLogger.LocalReceiver;

/// <summary>How <see cref="LocalOtlpReceiver.StartAsync"/> starts the dashboard.</summary>
public sealed class LocalOtlpReceiverOptions
{
    /// <summary>The dashboard executable; <see langword="null"/> to use <see cref="AspireDashboardLocator.Locate"/>.</summary>
    public string? ExecutablePath { get; set; }

    /// <summary>Port of the web UI and the telemetry API on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int UiPort { get; set; }

    /// <summary>
    /// Port of the OTLP/gRPC receiver on 127.0.0.1 (with <see cref="EntityView"/> on, the recording front that passes
    /// everything on to the dashboard); 0 (the default) picks a free one.
    /// </summary>
    public int OtlpGrpcPort { get; set; }

    /// <summary>Port of the OTLP/HTTP receiver on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int OtlpHttpPort { get; set; }

    /// <summary>
    /// Whether to serve the entity view: what the HelixObs herald would store from the telemetry received (entities,
    /// provenance graph, operations, errors, events, logs, what it would ignore), as web pages at
    /// <see cref="LocalOtlpReceiver.EntityViewUrl"/>. The OTLP/gRPC endpoint is then an in-process front that keeps
    /// each trace and log export, with its value types, and passes it on to the dashboard. Default off.
    /// </summary>
    public bool EntityView { get; set; }

    /// <summary>Port of the entity view's web pages on 127.0.0.1 when <see cref="EntityView"/> is on; 0 (the default) picks a free one.</summary>
    public int EntityViewPort { get; set; }

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
