using System.Runtime.InteropServices;
using ChimeLogger.Configuration;
using ChimeLogger.Diagnostics;
using ChimeLogger.Export;
using ChimeLogger.Tracing;

namespace ChimeLogger.Lifetime;

/// <summary>
/// How the telemetry of the process tracer ends, whichever way the process does: <see cref="ChimeTracer.Dispose"/>,
/// <c>Main</c> returning or <c>Environment.Exit</c>, an unhandled exception, SIGTERM, SIGINT or SIGHUP, or a host that
/// stops. In every case what has ended is flushed and the spans still open, on any thread, are ended and exported, all
/// within one <see cref="ChimeLoggerOptions.ShutdownTimeout"/> (<see cref="Clock"/>): docs/helix-contract.md §6, shutdown
/// flushes what is queued within a time limit. docs/deployment.md says what each way of ending does. It knows the parts it
/// ends, given when it is built (the pipelines, the span opener, what the set-up owns), and nothing above them: the
/// façade's <see cref="ChimeTracer.Dispose"/> and the process's own end both come here.
/// </summary>
/// <remarks>
/// <para>Signals: ChimeLogger acts on a signal only when no other handler kept the process alive. .NET calls the handlers
/// of a signal one after the other on one thread, the most recently registered first, all with one
/// <see cref="PosixSignalContext"/>; once they have all run, a signal that none of them cancelled gets its default action
/// (for these three, the process ends with status 128 + the signal's number, and <c>AppDomain.ProcessExit</c> is not
/// raised). <c>Console.CancelKeyPress</c> is one such handler, registered when its first subscriber comes; a generic host
/// registers its own (SIGINT, SIGQUIT, SIGTERM, cancelled) when it starts. ChimeLogger registers at
/// <see cref="ChimeTelemetry.Setup"/>, or when a host is built, so handlers registered later run before it, and their
/// <see cref="PosixSignalContext.Cancel"/> is seen: the app keeps the signal, ChimeLogger does nothing. When nothing
/// cancelled it, ChimeLogger ends the open spans, flushes and shuts down, then leaves the signal to its default action.</para>
/// <para>A second signal while that is under way is not held up: it finds ChimeLogger's work started and gets its default
/// action at once.</para>
/// </remarks>
internal sealed class TracerLifetime
{
    private static readonly PosixSignal[] s_watched = [PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP];

    private readonly ChimeSettings _settings;
    private readonly TelemetryPipelines _pipelines;
    private readonly ExportCounters _counters;
    private readonly SpanOpener _spans;
    private readonly WarningLog _warnings;
    private readonly IReadOnlyList<IDisposable> _owned;
    private readonly object _gate = new();
    private List<PosixSignalRegistration>? _signals;
    private int _ended;
    private int _ending;

    /// <param name="settings">The shutdown limit, the endpoints named in the warnings, whether signals are watched.</param>
    /// <param name="pipelines">The trace and log pipelines, flushed and shut down at the end.</param>
    /// <param name="counters">What was exported, dropped and failed (all zero when OTLP export is off).</param>
    /// <param name="spans">The opener whose open spans are ended when the process ends first, closed at the end.</param>
    /// <param name="notice">What is said when the end waits.</param>
    /// <param name="warnings">Where the lost-telemetry warning goes.</param>
    /// <param name="owned">What the set-up owns and disposes once the pipelines are shut down (services, the token source).</param>
    public TracerLifetime(
        ChimeSettings settings, TelemetryPipelines pipelines, ExportCounters counters, SpanOpener spans, ShutdownNotice notice,
        WarningLog warnings, IReadOnlyList<IDisposable> owned)
    {
        _settings = settings;
        _pipelines = pipelines;
        _counters = counters;
        _spans = spans;
        _warnings = warnings;
        _owned = owned;
        Notice = notice;
        Clock = new ShutdownClock(settings.Options.ShutdownTimeout);
    }

    /// <summary>The one <see cref="ChimeLoggerOptions.ShutdownTimeout"/> the whole end shares.</summary>
    public ShutdownClock Clock { get; }

    /// <summary>What is said when the end waits.</summary>
    public ShutdownNotice Notice { get; }

    /// <summary>The trace pipeline, for tests and diagnostics.</summary>
    public OpenTelemetry.Trace.TracerProvider? TracerProvider => _pipelines.Traces;

    /// <summary>Whether the end has begun: no span opens any more.</summary>
    public bool HasEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>What happened to the spans and log records exported over OTLP so far (all zero when OTLP export is off).</summary>
    public ExportStatistics ExportStatistics => _counters.Snapshot();

    /// <summary>Whether SIGTERM, SIGINT and SIGHUP are watched now.</summary>
    internal bool WatchesSignals
    {
        get
        {
            lock (_gate)
            {
                return _signals is { Count: > 0 };
            }
        }
    }

    /// <summary>
    /// Registers ChimeLogger's handler of SIGTERM, SIGINT and SIGHUP, once. A host calls it when it is built, before its
    /// own lifetime registers at start, so that the host's handler runs first and keeps those signals.
    /// </summary>
    public void WatchSignals()
    {
        if (!_settings.Options.WatchTerminationSignals)
        {
            return;
        }

        lock (_gate)
        {
            if (_signals is not null)
            {
                return;
            }

            _signals = [];
            foreach (PosixSignal signal in s_watched)
            {
                try
                {
                    _signals.Add(PosixSignalRegistration.Create(signal, OnSignal));
                }
                catch (Exception ex) when (ex is PlatformNotSupportedException or IOException)
                {
                    // A platform without this signal (or without signal handling): nothing to watch there.
                }
            }
        }
    }

    /// <summary>Watches every way the process can end: the runtime's exit events, and the signals.</summary>
    public void WatchProcessEnd()
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        WatchSignals();
    }

    /// <summary>
    /// Exports what has ended so far, waiting at most <paramref name="milliseconds"/>: whether everything that had ended
    /// was delivered in time (<see cref="ChimeTracer.Flush"/>).
    /// </summary>
    public bool Flush(int milliseconds)
    {
        (bool traces, bool logs) = _pipelines.Flush(milliseconds);
        return traces && logs;
    }

    /// <summary>
    /// Ends the tracer's telemetry, once (<see cref="ChimeTracer.Dispose"/>): no span opens any more; both pipelines flush,
    /// then what was lost is said, then they shut down, all within one <see cref="ChimeLoggerOptions.ShutdownTimeout"/>;
    /// then what the set-up owns is disposed.
    /// </summary>
    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _spans.Close();
        StopWatching();

        // One ShutdownTimeout for the whole end: a host that flushed when its services stopped started the clock, and
        // this gets what is left of it.
        Clock.Start();

        // Both pipelines flush at once, so that the end keeps to ShutdownTimeout when the herald or the collector does not
        // answer. What was lost is known after the flush, while the log pipeline still runs: the warning reaches the
        // collector too, not only the file log and standard error. The shutdown then gets what is left of the limit (at
        // least a moment, to carry that warning).
        (bool Traces, bool Logs) flushed;
        using (Notice.While(Clock))
        {
            flushed = _pipelines.Flush(Clock.FlushMilliseconds);
        }

        ReportLostTelemetry(flushed.Traces, flushed.Logs);
        _pipelines.Shutdown(Clock.ShutdownMilliseconds);
        foreach (IDisposable part in _owned)
        {
            part.Dispose();
        }

        _spans.Dispose();
    }

    /// <summary>
    /// A host's flush once its services have stopped: it starts the shared clock, and waits at most until the host's own
    /// <c>HostOptions.ShutdownTimeout</c> runs out (<paramref name="hostStopping"/>); then it uses up the clock, so that
    /// the tracer's disposal only shuts the pipelines down, and says so.
    /// </summary>
    public async Task FlushAtHostStopAsync(CancellationToken hostStopping)
    {
        Clock.Start();
        Task<bool> flush = Task.Factory.StartNew(
            () =>
            {
                using (Notice.While(Clock))
                {
                    return Flush(Clock.FlushMilliseconds);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        if (await Task.WhenAny(flush, Task.Delay(Timeout.Infinite, hostStopping)).ConfigureAwait(false) != flush)
        {
            Clock.Expire();
            ExportStatistics statistics = ExportStatistics;
            Notice.Tell(logger => ChimeWarnings.HostShutdownTimeoutReached(
                logger, statistics.SpansPending, statistics.LogRecordsPending, Clock.LimitMilliseconds / 1000.0));
        }
    }

    // Says what was lost, when anything was: on the ChimeLogger category, so it reaches the collector, the file log,
    // standard error and the providers added through ConfigureLoggerFactory.
    private void ReportLostTelemetry(bool spansFlushed, bool logRecordsFlushed)
    {
        ExportStatistics statistics = ExportStatistics;
        if (!LostTelemetry.Any(statistics, spansFlushed, logRecordsFlushed))
        {
            return;
        }

        ChimeWarnings.TelemetryLost(
            _warnings.Logger,
            LostTelemetry.Describe(
                statistics, _settings.HeraldEndpoint, _settings.LogsEndpoint, _settings.Options.ShutdownTimeout, spansFlushed, logRecordsFlushed));
    }

    private void StopWatching()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        List<PosixSignalRegistration>? signals;
        lock (_gate)
        {
            signals = _signals;
            _signals = [];
        }

        foreach (PosixSignalRegistration registration in signals ?? [])
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (context.Cancel)
        {
            return; // a handler registered after ChimeLogger's keeps the process running
        }

        End(ProcessEnding.BySignal(context.Signal));

        // Cancel stays false: the runtime now gives the signal its default action, and the process ends as it asks.
        // Except as process 1 (a container's entry point without an init): the kernel ignores a signal's default action
        // there, so the process would run on, its telemetry ended, until the runtime's grace period ends in SIGKILL. It
        // ends as a signal would end any other process, with status 128 + the signal's number.
        if (Environment.ProcessId == 1 && NumberOf(context.Signal) is int number)
        {
            Environment.Exit(128 + number);
        }
    }

    // The numbers of the watched signals, the same on Linux and macOS.
    private static int? NumberOf(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGTERM => 15,
        _ => null,
    };

    private void OnProcessExit(object? sender, EventArgs e) => End(ProcessEnding.ByExit());

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e)
    {
        if (e.IsTerminating)
        {
            End(ProcessEnding.ByCrash(e.ExceptionObject as Exception));
        }
    }

    private void End(ProcessEnding ending)
    {
        if (HasEnded || Interlocked.Exchange(ref _ending, 1) != 0)
        {
            return;
        }

        try
        {
            ending.EndOpenSpans(_spans.OpenSpans);
            End();
        }
        catch (Exception ex)
        {
            // The process is ending: what could not be done is said, never thrown (a throw here would replace the exit
            // the process was asked for with a crash).
            try
            {
                Console.Error.WriteLine($"WARNING {ChimeWarnings.Category}: ending telemetry failed ({ex.GetType().Name}: {ex.Message}).");
            }
            catch (IOException)
            {
            }
        }
    }
}
