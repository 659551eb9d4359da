namespace ChimeLogger.Testing;

/// <summary>
/// The one ChimeLogger tracer behind every <see cref="TestHerald"/> running in the process. The tracer is a process
/// singleton, so heralds started while another runs join it with a scope of their own; the last one to leave disposes
/// it (docs/helix-contract.md §7, "Parallel tests").
/// </summary>
internal sealed class HeraldHost
{
    private static readonly object s_gate = new();
    private static HeraldHost? s_running;

    private readonly List<HeraldScope> _scopes = [];
    private readonly string? _pipeline;
    private readonly Action<ChimeLoggerOptions>? _configure;
    private ChimeTracer? _tracer;

    private HeraldHost(string? pipeline, Action<ChimeLoggerOptions>? configure)
    {
        _pipeline = pipeline;
        _configure = configure;
    }

    public ChimeTracer Tracer => _tracer!;

    /// <summary>Starts the shared tracer if none runs, or joins the running one, and opens a scope on it.</summary>
    public static (HeraldHost Host, HeraldScope Scope) Join(string? pipeline, Action<ChimeLoggerOptions>? configure)
    {
        lock (s_gate)
        {
            if (s_running is { } running)
            {
                if (!string.Equals(running._pipeline, pipeline, StringComparison.Ordinal) || !ReferenceEquals(running._configure, configure))
                {
                    throw new InvalidOperationException(
                        $"TestHerald.Start({Describe(pipeline, configure)}) was called while another TestHerald ({Describe(running._pipeline, running._configure)}) " +
                        "is running in this process. Heralds running at the same time share one ChimeLogger tracer, so they must pass the same pipeline " +
                        "and the same configure delegate (or none). Run these tests one at a time instead: put their test classes in one xunit " +
                        "collection ([Collection(\"herald\")] on each), or in a collection defined with DisableParallelization = true.");
                }
            }
            else
            {
                HeraldHost host = new(pipeline, configure);
                host.Start();
                s_running = host;
            }

            HeraldScope scope = new();
            s_running._scopes.Add(scope);
            return (s_running, scope);
        }
    }

    /// <summary>Closes <paramref name="scope"/>; when it was the last, disposes the tracer so that the next test can set ChimeLogger up.</summary>
    public void Leave(HeraldScope scope)
    {
        lock (s_gate)
        {
            scope.Close();
            if (!_scopes.Remove(scope) || _scopes.Count > 0)
            {
                return;
            }

            // Inside the lock, so that a Start racing with this cannot find the tracer half shut down.
            s_running = null;
            _tracer?.Dispose();
        }
    }

    /// <summary>
    /// The scope that telemetry recorded now belongs to: the one that flows with the current execution context, or,
    /// when none flows (a thread started without it), the only open scope if there is exactly one.
    /// </summary>
    public HeraldScope? ScopeOfCurrentFlow()
    {
        HeraldScope? current = HeraldScope.Current.Value;
        if (current is { IsOpen: true })
        {
            return current;
        }

        lock (s_gate)
        {
            return _scopes.Count == 1 ? _scopes[0] : null;
        }
    }

    private void Start()
    {
        if (ChimeTelemetry.Tracer is not null)
        {
            throw AlreadySetUp();
        }

        bool tracingCaptured = false;
        bool loggingCaptured = false;
        ChimeTracer tracer = ChimeTelemetry.Setup(_pipeline, options =>
        {
            // In memory only, unless the test's configure asks for more.
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
            _configure?.Invoke(options);

            // Chained after the test's own hooks, so that setting them in configure does not remove the capture.
            var tracing = options.ConfigureTracing;
            options.ConfigureTracing = builder =>
            {
                tracing?.Invoke(builder);
                OpenTelemetry.Trace.TracerProviderBuilderExtensions.AddProcessor(builder, new SpanCapture(this));
                tracingCaptured = true;
            };
            var logging = options.ConfigureLogging;
            options.ConfigureLogging = builder =>
            {
                logging?.Invoke(builder);
                OpenTelemetry.Logs.LoggerProviderBuilderExtensions.AddProcessor(builder, new LogCapture(this));
                loggingCaptured = true;
            };
        });

        if (!tracingCaptured || !loggingCaptured)
        {
            // Setup handed back a tracer someone else set up in the meantime: it is not ours to capture or dispose.
            throw AlreadySetUp();
        }

        _tracer = tracer;
    }

    private static InvalidOperationException AlreadySetUp() => new(
        "ChimeLogger is already set up in this process (by ChimeTelemetry.Setup or a host's AddChimeLogger), so TestHerald cannot " +
        "install its in-memory capture. Dispose that ChimeTracer before TestHerald.Start, and run the tests that set ChimeLogger up " +
        "themselves one at a time with the TestHerald tests (one xunit collection, or a collection defined with DisableParallelization = true).");

    private static string Describe(string? pipeline, Action<ChimeLoggerOptions>? configure) =>
        (pipeline is null ? "no pipeline" : $"pipeline \"{pipeline}\"") + (configure is null ? ", no configure" : ", a configure delegate");
}
