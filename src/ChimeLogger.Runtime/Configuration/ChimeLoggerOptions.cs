using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChimeLogger;

/// <summary>
/// Settings of <see cref="ChimeTelemetry.Setup"/> and <c>AddChimeLogger</c>. A value set here wins over the
/// environment variable named in its documentation; what is left unset is read from the environment,
/// then takes the default.
/// </summary>
public sealed class ChimeLoggerOptions
{
    /// <summary>Default instrument id.</summary>
    public const string DefaultInstrumentId = "CHIME";

    /// <summary>Default OTLP/gRPC address of the herald and of the log collector.</summary>
    public const string DefaultEndpoint = "localhost:4317";

    /// <summary>Default path of the rotating file log.</summary>
    public const string DefaultFileLogPath = "logs/chime_pipeline.log";

    /// <summary>Pipeline name (<c>chime.pipeline</c>). Environment: <c>CHIME_LOGGER_PIPELINE_NAME</c>.</summary>
    public string? Pipeline { get; set; }

    /// <summary>
    /// Site: <c>chime</c>, <c>kko</c>, <c>gbo</c> or <c>hco</c> (<c>chime.site</c>), matched without regard to case and sent
    /// lower-case. Environment: <c>CHIME_LOGGER_SITE</c>. Any other value fails setup unless it is in <see cref="AdditionalSites"/>.
    /// </summary>
    public string? Site { get; set; }

    /// <summary>
    /// Sites accepted besides the known ones (<see cref="ChimeSites.Known"/>), for a test stand or a new
    /// station. Matched without regard to case, sent lower-case. Empty by default.
    /// </summary>
    public IList<string> AdditionalSites { get; set; } = new List<string>();

    /// <summary>Instrument id (<c>helix.instrument.id</c>). Default <c>"CHIME"</c>.</summary>
    public string InstrumentId { get; set; } = DefaultInstrumentId;

    /// <summary>OTLP <c>service.name</c>. Default <c>chime.&lt;pipeline&gt;</c>.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Process label (<c>helix.process.name</c>). Default <c>CHIME/&lt;pipeline&gt;</c>.</summary>
    public string? ProcessName { get; set; }

    /// <summary>
    /// OTLP/gRPC address for traces: <c>host:port</c> or an <c>http://</c>/<c>https://</c> URL.
    /// Environment: <c>HERALD_ENDPOINT</c>. Default <c>localhost:4317</c>.
    /// </summary>
    public string? HeraldEndpoint { get; set; }

    /// <summary>
    /// OTLP/gRPC address for logs (the collector): <c>host:port</c> or a URL.
    /// Environment: <c>LOGS_ENDPOINT</c>. Default <c>localhost:4317</c>.
    /// </summary>
    public string? LogsEndpoint { get; set; }

    /// <summary>
    /// <see langword="true"/> for plaintext gRPC, <see langword="false"/> for TLS. Environment:
    /// <c>HERALD_INSECURE</c> (<c>true</c>/<c>false</c>). When neither is set, port 443 means TLS and any
    /// other port plaintext. An explicit <c>http://</c> or <c>https://</c> in an endpoint wins over this.
    /// </summary>
    public bool? Insecure { get; set; }

    /// <summary>
    /// Herald registration secret (or an existing JWT) exchanged for a token at start-up, when
    /// <see cref="OtlpExportEnabled"/> is on. Environment: <c>HERALD_CREDENTIAL</c>. Requires <see cref="AuthEndpoint"/>.
    /// </summary>
    public string? Credential { get; set; }

    /// <summary>
    /// Supplies the credential; called at start-up and again at each token refresh (for secrets that rotate).
    /// Wins over <see cref="Credential"/>. Requires <see cref="AuthEndpoint"/>.
    /// </summary>
    public Func<string>? CredentialCallback { get; set; }

    /// <summary>The herald's <c>/auth/token</c> URL. Environment: <c>HERALD_AUTH_ENDPOINT</c>.</summary>
    public string? AuthEndpoint { get; set; }

    /// <summary>How long the token exchange may take before start-up fails. Default 10 seconds.</summary>
    public TimeSpan AuthTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Path of the rotating file log for <c>CHIME</c>/<c>CHIME.*</c> loggers. Environment: <c>CHIME_LOGGER_FILE_LOG_PATH</c>.</summary>
    public string? FileLogPath { get; set; }

    /// <summary>Whether the rotating file log is written. Default <see langword="true"/>.</summary>
    public bool FileLogEnabled { get; set; } = true;

    /// <summary>Size at which the file log rolls to a new file. Default 10 MiB.</summary>
    public long FileLogSizeLimitBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How many rolled files are kept, the current one included. Default 5.</summary>
    public int FileLogRetainedFiles { get; set; } = 5;

    /// <summary>Whether logs are also written to the console. Default <see langword="false"/>.</summary>
    public bool ConsoleLogging { get; set; }

    /// <summary>
    /// Whether ChimeLogger's own warnings (category <c>ChimeLogger</c>: lost telemetry, bad ids, a file log that cannot
    /// be written) are also written to standard error, as Python's logging does when nothing is configured. Default
    /// <see langword="true"/>; with <see cref="ConsoleLogging"/> on they are on the console already and are not repeated,
    /// and in a hosted app the host's own logging providers (the console by default) show them instead.
    /// </summary>
    public bool WarningsToStandardError { get; set; } = true;

    /// <summary>
    /// The least severe level that is logged, to every output alike: the collector, the file log, the console and standard
    /// error (ChimeLogger's own warnings included), and providers added through <see cref="ConfigureLoggerFactory"/>
    /// (whose filter rules can refine it per category). Default <see cref="LogLevel.Information"/>.
    /// </summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    /// <summary>
    /// Whether traces and logs are exported over OTLP. Default <see langword="true"/>. Set it to
    /// <see langword="false"/> to keep only the exporters added through <see cref="ConfigureTracing"/> and
    /// <see cref="ConfigureLogging"/> (tests, custom sinks). With it off, a configured herald credential is not exchanged
    /// (the token is only for exports).
    /// </summary>
    public bool OtlpExportEnabled { get; set; } = true;

    /// <summary>Default of <see cref="ExportQueueSize"/>.</summary>
    public const int DefaultExportQueueSize = 16384;

    /// <summary>
    /// How many spans, and separately how many log records, may wait for export (queued or in the batch being
    /// exported). When the queue is full, what ends is dropped and counted in <see cref="ChimeTracer.ExportStatistics"/>;
    /// the pipeline never waits. Batches waiting in memory for a retry count against it too.
    /// Environment: <c>CHIME_LOGGER_EXPORT_QUEUE_SIZE</c>. Default 16384.
    /// </summary>
    public int? ExportQueueSize { get; set; }

    /// <summary>
    /// How failed exports are retried: <see cref="ExportRetryMode.Memory"/> (the default), <see cref="ExportRetryMode.Disk"/>
    /// (requires <see cref="ExportRetryPath"/>) or <see cref="ExportRetryMode.None"/>.
    /// Environment: <c>CHIME_LOGGER_EXPORT_RETRY</c> (<c>memory</c>, <c>disk</c>, <c>none</c>).
    /// </summary>
    public ExportRetryMode? ExportRetry { get; set; }

    /// <summary>
    /// The directory where disk retry keeps batches that could not be exported (created if missing; it must be
    /// writable). Use the same directory in the next run to deliver what an outage left behind.
    /// Environment: <c>CHIME_LOGGER_EXPORT_RETRY_PATH</c>.
    /// </summary>
    public string? ExportRetryPath { get; set; }

    /// <summary>Default of <see cref="ExportRetryWindow"/> with memory retry: two minutes.</summary>
    public static readonly TimeSpan DefaultExportRetryWindow = TimeSpan.FromMinutes(2);

    /// <summary>Default of <see cref="ExportRetryWindow"/> with disk retry: ten seconds.</summary>
    public static readonly TimeSpan DefaultDiskExportRetryWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a batch the herald (or the collector) did not take is kept in memory and retried, with back-off from
    /// 1 s to 5 s, before it is given up and counted as failed (<see cref="ExportRetryMode.Memory"/>) or written to
    /// the retry directory (<see cref="ExportRetryMode.Disk"/>). Environment: <c>CHIME_LOGGER_EXPORT_RETRY_WINDOW</c>
    /// (seconds). Default two minutes with memory retry, so that an outage of a minute loses nothing; ten seconds with
    /// disk retry, because what still waits in memory is what a crash of the process loses.
    /// </summary>
    public TimeSpan? ExportRetryWindow { get; set; }

    /// <summary>Default of <see cref="ExportRetryDiskLimitBytes"/>: 1 GiB.</summary>
    public const long DefaultExportRetryDiskLimitBytes = 1L << 30;

    /// <summary>
    /// The most that disk retry keeps for each signal (traces, logs) in <see cref="ExportRetryPath"/>; beyond it the
    /// oldest batches are removed, counted (<see cref="ExportStatistics.SpansEvicted"/>) and warned about.
    /// Environment: <c>CHIME_LOGGER_EXPORT_RETRY_DISK_LIMIT_MB</c> (mebibytes). Default 1 GiB per signal.
    /// </summary>
    public long? ExportRetryDiskLimitBytes { get; set; }

    /// <summary>Default of <see cref="ExportCreationPause"/>: one second.</summary>
    public static readonly TimeSpan DefaultExportCreationPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest an operation waits for the creation of its entity while that creation's span is still open (the
    /// operate ended inside the create, or before it): 30 seconds. Past it the operation is sent, with a warning.
    /// </summary>
    public static readonly TimeSpan OpenCreationWaitLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The time the herald is given to write the entities an export creates before anything that refers to them
    /// (operations, with their events and errors) is sent. The herald answers an export at once and writes each span
    /// of it concurrently, with no unique key on entities: an operation written before its entity's creation makes a
    /// placeholder, and a creation without parents written after it is then dropped. So creations are sent in a
    /// request of their own, and what refers to them follows once this pause has passed since the herald took them;
    /// an operation whose creation is still open waits for it (<see cref="OpenCreationWaitLimit"/>), and the order is
    /// kept through retries, disk retry and outages. Operations on entities created earlier are not held. Set
    /// <see cref="TimeSpan.Zero"/> to send each batch as it comes (no ordering). Environment:
    /// <c>CHIME_LOGGER_EXPORT_CREATION_PAUSE</c> (seconds). Default one second: many times what the herald takes to
    /// write a full batch on a healthy database, and short beside the five seconds between scheduled exports.
    /// </summary>
    public TimeSpan? ExportCreationPause { get; set; }

    /// <summary>
    /// The longest the end of telemetry takes, all steps together: <see cref="ChimeTracer.Dispose"/>, the flush when the
    /// process exits without it or is stopped by SIGTERM, SIGINT or SIGHUP, and in a hosted app the flush once the host's
    /// services have stopped plus the tracer's disposal after it. What has not reached the herald or the collector by then
    /// is reported as lost. Default 5 seconds. Keep it under the grace period of the scheduler or container runtime
    /// (SLURM's <c>KillWait</c>, Kubernetes' <c>terminationGracePeriodSeconds</c>, Docker's <c>--stop-timeout</c>) and, in a
    /// hosted app, under <c>HostOptions.ShutdownTimeout</c> less the time the services take to stop.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Default of <see cref="ExportInterval"/>: five seconds.</summary>
    public static readonly TimeSpan DefaultExportInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often what has ended is exported when fewer than a batch (512) are waiting. It bounds what a process killed
    /// outright loses (SIGKILL, the out-of-memory killer, a power cut: no code runs then): the spans and log records that
    /// ended in the last interval, and those of an export still in flight. Shorten it for pipelines that are often
    /// killed, at the price of more, smaller exports. Environment: <c>CHIME_LOGGER_EXPORT_INTERVAL</c> (seconds, for
    /// example <c>0.5</c>). Default 5 seconds; at least 1 millisecond, at most an hour.
    /// </summary>
    public TimeSpan? ExportInterval { get; set; }

    /// <summary>
    /// Whether ChimeLogger watches SIGTERM, SIGINT (Ctrl+C) and SIGHUP (a closed terminal). When one arrives and no other
    /// handler keeps the process running (<c>Console.CancelKeyPress</c> with <c>e.Cancel = true</c>, an app's own
    /// <c>PosixSignalRegistration</c>, a generic host's lifetime), ChimeLogger ends every helix span still open, on any
    /// thread, with a <c>helix.error</c> (<c>message</c> <c>terminated_by_signal</c>, <c>signal</c>, <c>stage</c>), flushes
    /// and shuts down within <see cref="ShutdownTimeout"/>, then lets the signal end the process (exit status 128 + the
    /// signal's number). Handlers registered after <see cref="ChimeTelemetry.Setup"/> (or, in a hosted app, after the host
    /// is built) run first, and one that cancels the signal keeps the process running without ChimeLogger doing anything;
    /// a handler registered earlier runs after ChimeLogger's, so register yours after setup. Default <see langword="true"/>;
    /// <see langword="false"/> leaves these signals to the runtime, which ends the process at once without flushing.
    /// </summary>
    public bool WatchTerminationSignals { get; set; } = true;

    /// <summary>
    /// Decides which spans are recorded. ChimeLogger asks it with the span's name (the operation, stage or child span
    /// name), parent and links before it starts anything: a span it drops costs no Activity, no allocation and no
    /// listener callback, and its span method returns <see cref="HelixToken.None"/>. An <see cref="AlwaysOffSampler"/>
    /// makes <see cref="ChimeTracer.IsListening"/> <see langword="false"/>, so generated code skips the span as when
    /// ChimeLogger is not set up. For a span it keeps, the tracer provider records the same decision (a
    /// <see cref="SamplingDecision.RecordOnly"/> span is recorded and not exported) without asking the sampler again.
    /// Default <see langword="null"/>: every span is recorded and exported. An operate is a new root, so a
    /// <see cref="ParentBasedSampler"/> decides it by its root sampler. A sampler set through
    /// <see cref="ConfigureTracing"/> still applies, after this one, but cannot spare the Activity of a dropped span.
    /// </summary>
    public Sampler? Sampler { get; set; }

    /// <summary>Adds processors, exporters or samplers to the trace pipeline (prefer <see cref="Sampler"/> for sampling).</summary>
    public Action<TracerProviderBuilder>? ConfigureTracing { get; set; }

    /// <summary>Adds processors or exporters to the OpenTelemetry log pipeline.</summary>
    public Action<LoggerProviderBuilder>? ConfigureLogging { get; set; }

    /// <summary>Adds logging providers or filters (a console formatter, for example) to the logger factory.</summary>
    public Action<ILoggingBuilder>? ConfigureLoggerFactory { get; set; }

    /// <summary>The clock used for token expiry and for warnings given at most once a minute. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Reads environment variables; replaced in tests so that they need not change the process environment.</summary>
    internal Func<string, string?> EnvironmentReader { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>Handler of the token exchange requests; replaced in tests.</summary>
    internal HttpMessageHandler? AuthHttpHandler { get; set; }
}
