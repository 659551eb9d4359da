using System.Runtime.InteropServices;
using ChimeLogger.Configuration;
using ChimeLogger.Diagnostics;

namespace ChimeLogger.Lifetime;

/// <summary>
/// How the telemetry of the process tracer ends, whichever way the process does: <see cref="ChimeTracer.Dispose"/>,
/// <c>Main</c> returning or <c>Environment.Exit</c>, an unhandled exception, SIGTERM, SIGINT or SIGHUP, or a host that
/// stops. In every case what has ended is flushed and the spans still open, on any thread, are ended and exported, all
/// within one <see cref="ChimeLoggerOptions.ShutdownTimeout"/> (<see cref="Clock"/>): docs/helix-contract.md §6, shutdown
/// flushes what is queued within a time limit. docs/deployment.md says what each way of ending does.
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

    private readonly bool _watchSignals;
    private readonly object _gate = new();
    private ChimeTracer? _tracer;
    private List<PosixSignalRegistration>? _signals;
    private int _ending;

    public TracerLifetime(ChimeSettings settings)
    {
        Clock = new ShutdownClock(settings.Options.ShutdownTimeout);
        _watchSignals = settings.Options.WatchTerminationSignals;
    }

    /// <summary>The one <see cref="ChimeLoggerOptions.ShutdownTimeout"/> the whole end shares.</summary>
    public ShutdownClock Clock { get; }

    /// <summary>What is said when the end waits.</summary>
    public ShutdownNotice Notice { get; } = new();

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
        if (!_watchSignals)
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

    /// <summary>Ties the lifetime to the owner tracer: the runtime's exit events, and the signals.</summary>
    public void Attach(ChimeTracer tracer)
    {
        Volatile.Write(ref _tracer, tracer);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        WatchSignals();
    }

    /// <summary>Stops watching: the tracer is being disposed.</summary>
    public void Detach()
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

    /// <summary>
    /// A host's flush once its services have stopped: it starts the shared clock, and waits at most until the host's own
    /// <c>HostOptions.ShutdownTimeout</c> runs out (<paramref name="hostStopping"/>); then it uses up the clock, so that
    /// the tracer's disposal only shuts the pipelines down, and says so.
    /// </summary>
    public async Task FlushAtHostStopAsync(ChimeTracer tracer, CancellationToken hostStopping)
    {
        Clock.Start();
        Task<bool> flush = Task.Factory.StartNew(
            () =>
            {
                using (Notice.While(tracer, Clock))
                {
                    return tracer.Flush(TimeSpan.FromMilliseconds(Clock.FlushMilliseconds));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        if (await Task.WhenAny(flush, Task.Delay(Timeout.Infinite, hostStopping)).ConfigureAwait(false) != flush)
        {
            Clock.Expire();
            ExportStatistics statistics = tracer.ExportStatistics;
            Notice.Tell(logger => ChimeWarnings.HostShutdownTimeoutReached(
                logger, statistics.SpansPending, statistics.LogRecordsPending, Clock.LimitMilliseconds / 1000.0));
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
        ChimeTracer? tracer = Volatile.Read(ref _tracer);
        if (tracer is null || tracer.IsDisposed || Interlocked.Exchange(ref _ending, 1) != 0)
        {
            return;
        }

        try
        {
            ending.EndOpenSpans(tracer.State.OpenSpans);
            tracer.Dispose();
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
