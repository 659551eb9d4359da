using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChimeLogger.LocalReceiver.EntityView;
using ChimeLogger.LocalReceiver.Model;
using ChimeLogger.LocalReceiver.Otlp;
using ChimeLogger.LocalReceiver.Processes;

namespace ChimeLogger.LocalReceiver;

/// <summary>
/// A real OTLP receiver on this machine: the .NET Aspire dashboard started as a child process on 127.0.0.1,
/// receiving OTLP/gRPC and OTLP/HTTP and answering a JSON query API that this class reads into
/// <see cref="ReceivedSpan"/> and <see cref="ReceivedLog"/>.
/// </summary>
/// <example>
/// <code>
/// await using LocalOtlpReceiver receiver = await LocalOtlpReceiver.StartAsync();
/// // export to receiver.OtlpGrpcEndpoint (for ChimeLogger: HeraldEndpoint and LogsEndpoint) ...
/// IReadOnlyList&lt;ReceivedSpan&gt; spans = await receiver.WaitForSpansAsync(s => s.Count >= 3);
/// Console.WriteLine(await receiver.GetSummaryAsync());
/// </code>
/// </example>
/// <remarks>
/// The process is stopped (with any child it started) by <see cref="Dispose"/>, when the current process exits
/// normally, and on Linux and macOS by a watchdog when the current process ends in any other way (crash, kill).
/// Everything is kept in the dashboard's memory only; it keeps at most 10 000 items of each kind per resource by
/// default (raise it through <see cref="LocalOtlpReceiverOptions.Environment"/>, for example
/// <c>Dashboard__TelemetryLimits__MaxTraceCount</c>).
/// With <see cref="LocalOtlpReceiverOptions.EntityView"/> on, <see cref="OtlpGrpcEndpoint"/> is an in-process front
/// that keeps every trace and log export with its value types (the entity view reads those, not the dashboard) and
/// passes it on to the dashboard, and <see cref="EntityViewUrl"/> serves the entity pages.
/// </remarks>
public sealed class LocalOtlpReceiver : IDisposable, IAsyncDisposable
{
    private const int KeptOutputLines = 400;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(150);
    private static readonly ConcurrentDictionary<LocalOtlpReceiver, byte> s_running = new();

    private readonly Process _process;
    private readonly TelemetryApiClient _api;
    private readonly ProcessOutput _output;
    private OtlpFront? _front;
    private EntityViewServer? _entityView;
    private int _disposed;

    static LocalOtlpReceiver()
    {
        // A test run that ends without disposing (a crashed fixture) must not leave the dashboard running.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (LocalOtlpReceiver receiver in s_running.Keys)
            {
                receiver.Stop();
            }
        };
    }

    private LocalOtlpReceiver(Process process, ProcessOutput output, string executablePath, ReceiverPorts ports)
    {
        _process = process;
        _output = output;
        ExecutablePath = executablePath;
        ProcessId = process.Id;
        DashboardUrl = new Uri($"http://127.0.0.1:{ports.Ui.ToString(CultureInfo.InvariantCulture)}/");
        OtlpGrpcEndpoint = new Uri($"http://127.0.0.1:{ports.Grpc.ToString(CultureInfo.InvariantCulture)}/");
        OtlpHttpEndpoint = new Uri($"http://127.0.0.1:{ports.Http.ToString(CultureInfo.InvariantCulture)}/");
        _api = new TelemetryApiClient(
            DashboardUrl,
            () => (HasExited ? " The process has exited." : "") + $" Log:{Environment.NewLine}{_output.Text}");
    }

    /// <summary>The web UI and telemetry API, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri DashboardUrl { get; }

    /// <summary>
    /// The OTLP/gRPC endpoint (plaintext HTTP/2), for example <c>http://127.0.0.1:41235/</c>: the dashboard's own, or
    /// with the entity view on, the front that records and passes everything on to it.
    /// </summary>
    public Uri OtlpGrpcEndpoint { get; private set; }

    /// <summary>
    /// The entity view's pages (for example <c>http://127.0.0.1:18890/</c>), or <see langword="null"/> when
    /// <see cref="LocalOtlpReceiverOptions.EntityView"/> is off.
    /// </summary>
    public Uri? EntityViewUrl => _entityView?.Url;

    /// <summary>The entity view's projection of what the front kept, or <see langword="null"/> without the entity view.</summary>
    internal EntityCatalog? Entities { get; private set; }

    /// <summary>The OTLP/HTTP endpoint (protobuf or JSON under <c>/v1/traces</c>, <c>/v1/logs</c>).</summary>
    public Uri OtlpHttpEndpoint { get; }

    /// <summary>The OTLP/gRPC endpoint as <c>127.0.0.1:port</c>, the form of <c>HERALD_ENDPOINT</c> and <c>LOGS_ENDPOINT</c>.</summary>
    public string OtlpGrpcHostPort => $"127.0.0.1:{OtlpGrpcEndpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The id of the process started: on Linux and macOS a small <c>/bin/sh</c> watchdog whose child is the
    /// dashboard (it stops the dashboard if this process dies without disposing), elsewhere the dashboard itself.
    /// <see cref="Dispose"/> kills the whole tree.
    /// </summary>
    public int ProcessId { get; }

    /// <summary>The dashboard executable that was started.</summary>
    public string ExecutablePath { get; }

    /// <summary>Whether the dashboard process has exited (it should not before <see cref="Dispose"/>).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>The last few hundred lines the dashboard wrote to its standard output and error.</summary>
    public string Output => _output.Text;

    /// <summary>
    /// Starts the dashboard and waits until it accepts OTLP and answers its API.
    /// </summary>
    /// <param name="options">Ports, executable and timeouts; <see langword="null"/> for free ports and the restored executable.</param>
    /// <param name="cancellationToken">Cancels the start; the process is stopped.</param>
    /// <returns>The running receiver. Dispose it to stop the process.</returns>
    /// <exception cref="LocalReceiverException">
    /// The executable was not found, a port was taken, the process exited or was not ready within
    /// <see cref="LocalOtlpReceiverOptions.StartTimeout"/>; the message names the ports and quotes the log.
    /// </exception>
    public static async Task<LocalOtlpReceiver> StartAsync(LocalOtlpReceiverOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalOtlpReceiverOptions();
        string executable = options.ExecutablePath ?? AspireDashboardLocator.Locate();
        if (!File.Exists(executable))
        {
            throw new LocalReceiverException($"The Aspire dashboard executable '{executable}' does not exist.");
        }

        DashboardLaunch.EnsureExecutable(executable);
        bool anyFreePort = options.UiPort == 0 || options.OtlpGrpcPort == 0 || options.OtlpHttpPort == 0 || options.EntityView;
        int attempts = anyFreePort ? Math.Max(1, options.PortRetries + 1) : 1;
        for (int attempt = 1; ; attempt++)
        {
            ReceiverPorts ports = ReceiverPorts.Pick(options, fronted: options.EntityView);
            LocalOtlpReceiver receiver = Launch(executable, ports, options);
            try
            {
                await receiver.WaitUntilReadyAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
                if (options.EntityView)
                {
                    await receiver.StartEntityViewAsync(options, cancellationToken).ConfigureAwait(false);
                }

                return receiver;
            }
            catch (PortTakenException) when (attempt < attempts)
            {
                receiver.Dispose(); // a free port was taken between picking and binding: try fresh ones
            }
            catch
            {
                receiver.Dispose();
                throw;
            }
        }
    }

    /// <summary>Reads spans, newest last as the dashboard orders them.</summary>
    /// <param name="query">Filters; <see langword="null"/> for everything.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The spans (empty when a filtered resource or trace is unknown).</returns>
    public async Task<IReadOnlyList<ReceivedSpan>> GetSpansAsync(TelemetryQuery? query = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return await _api.GetSpansAsync(query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads log records.</summary>
    /// <param name="query">Filters; <see langword="null"/> for everything.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The log records (empty when a filtered resource or trace is unknown).</returns>
    public async Task<IReadOnlyList<ReceivedLog>> GetLogsAsync(TelemetryQuery? query = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return await _api.GetLogsAsync(query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every span of one trace.</summary>
    /// <param name="traceId">The trace id, 32 hex digits.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The spans of the trace; empty when the receiver has none of it.</returns>
    public async Task<IReadOnlyList<ReceivedSpan>> GetTraceAsync(string traceId, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return await _api.GetTraceAsync(traceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the resources (applications, by <c>service.name</c>) the receiver has telemetry from.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The resources.</returns>
    public async Task<IReadOnlyList<ReceivedResource>> GetResourcesAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return await _api.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads spans until <paramref name="until"/> accepts them (exporters batch, so telemetry arrives a moment
    /// after it is flushed) or <paramref name="timeout"/> passes.
    /// </summary>
    /// <param name="until">Decides whether what arrived is enough.</param>
    /// <param name="query">Filters; <see langword="null"/> for everything.</param>
    /// <param name="timeout">The longest wait; default 30 seconds.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The spans that satisfied <paramref name="until"/>.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message lists what had arrived.</exception>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(
        Func<IReadOnlyList<ReceivedSpan>, bool> until, TelemetryQuery? query = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(() => GetSpansAsync(query, cancellationToken), until, "spans", timeout, cancellationToken);

    /// <summary>Reads log records until <paramref name="until"/> accepts them or <paramref name="timeout"/> passes.</summary>
    /// <param name="until">Decides whether what arrived is enough.</param>
    /// <param name="query">Filters; <see langword="null"/> for everything.</param>
    /// <param name="timeout">The longest wait; default 30 seconds.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The log records that satisfied <paramref name="until"/>.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time; the message lists what had arrived.</exception>
    public Task<IReadOnlyList<ReceivedLog>> WaitForLogsAsync(
        Func<IReadOnlyList<ReceivedLog>, bool> until, TelemetryQuery? query = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(() => GetLogsAsync(query, cancellationToken), until, "log records", timeout, cancellationToken);

    /// <summary>Summarises everything the receiver holds: counts by service, span name and severity.</summary>
    /// <param name="query">Filters (for example one resource); <see langword="null"/> for everything.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The summary; its <see cref="TelemetrySummary.ToString"/> prints a few lines.</returns>
    public async Task<TelemetrySummary> GetSummaryAsync(TelemetryQuery? query = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ReceivedSpan> spans = await GetSpansAsync(query, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ReceivedLog> logs = await GetLogsAsync(query, cancellationToken).ConfigureAwait(false);
        return TelemetrySummary.Of(spans, logs);
    }

    /// <summary>Closes the dashboard's standard input, as the end of this process would (tests the watchdog).</summary>
    internal void CloseStandardInput() => _process.StandardInput.Close();

    /// <summary>Stops the dashboard process and the processes it started, and waits for it to exit.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        s_running.TryRemove(this, out _);
        StopEntityView();
        Stop();
        _api.Dispose();
        _process.Dispose();
    }

    /// <summary>Stops the dashboard as <see cref="Dispose"/> does.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Aspire dashboard (pid {ProcessId.ToString(CultureInfo.InvariantCulture)}): UI {DashboardUrl}, OTLP/gRPC {OtlpGrpcEndpoint}, OTLP/HTTP {OtlpHttpEndpoint}" +
        (EntityViewUrl is null ? "" : $", entity view {EntityViewUrl}");

    private static LocalOtlpReceiver Launch(string executable, ReceiverPorts ports, LocalOtlpReceiverOptions options)
    {
        ProcessOutput output = new(KeptOutputLines);
        Process process = new() { StartInfo = DashboardLaunch.StartInfo(executable, ports, options) };
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new LocalReceiverException($"The Aspire dashboard '{executable}' could not be started: {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        LocalOtlpReceiver receiver = new(process, output, executable, ports);
        s_running.TryAdd(receiver, 0);
        return receiver;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        using HttpClient probe = new() { BaseAddress = DashboardUrl, Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HasExited)
            {
                _process.WaitForExit(); // drains the output readers
                string log = _output.Text;
                string exit = _process.ExitCode.ToString(CultureInfo.InvariantCulture);
                if (log.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException(
                        $"The Aspire dashboard could not bind its ports ({PortList()}): a port is already in use. Exit code {exit}. Log:{Environment.NewLine}{log}");
                }

                throw new LocalReceiverException(
                    $"The Aspire dashboard '{ExecutablePath}' exited with code {exit} before it was ready ({PortList()}). Log:{Environment.NewLine}{log}");
            }

            // The OTLP listeners log once they are bound; the API answers once the app runs.
            string text = _output.Text;
            if (text.Contains("OTLP/gRPC listening on", StringComparison.Ordinal)
                && text.Contains("OTLP/HTTP listening on", StringComparison.Ordinal)
                && await AnswersAsync(probe, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (elapsed.Elapsed > timeout)
            {
                throw new LocalReceiverException(
                    $"The Aspire dashboard (pid {ProcessId.ToString(CultureInfo.InvariantCulture)}) was not ready within " +
                    $"{timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({PortList()}). Log:{Environment.NewLine}{_output.Text}");
            }

            await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StartEntityViewAsync(LocalOtlpReceiverOptions options, CancellationToken cancellationToken)
    {
        TelemetryStore store = new();
        Entities = new EntityCatalog(store);
        _front = await OtlpFront.StartAsync(options.OtlpGrpcPort, OtlpGrpcEndpoint, store, cancellationToken).ConfigureAwait(false);
        OtlpGrpcEndpoint = new Uri($"http://127.0.0.1:{_front.Port.ToString(CultureInfo.InvariantCulture)}/");
        _entityView = await EntityViewServer.StartAsync(options.EntityViewPort, Entities, cancellationToken).ConfigureAwait(false);
    }

    private void StopEntityView()
    {
        // Pages first, then the front: no export is cut off between being answered and being kept.
        _entityView?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _front?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static async Task<bool> AnswersAsync(HttpClient probe, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await probe.GetAsync("api/telemetry/resources", cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<IReadOnlyList<T>> WaitAsync<T>(
        Func<Task<IReadOnlyList<T>>> read, Func<IReadOnlyList<T>, bool> until, string what, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(until);
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(30);
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<T> items = await read().ConfigureAwait(false);
            if (until(items))
            {
                return items;
            }

            if (elapsed.Elapsed > limit)
            {
                StringBuilder seen = new();
                foreach (T item in items.Take(50))
                {
                    seen.AppendLine().Append("  ").Append(item);
                }

                throw new TimeoutException(
                    $"The expected {what} did not arrive within {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; " +
                    $"{items.Count.ToString(CultureInfo.InvariantCulture)} arrived:{seen}");
            }

            await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private string PortList() =>
        $"UI 127.0.0.1:{DashboardUrl.Port.ToString(CultureInfo.InvariantCulture)}, " +
        $"OTLP/gRPC 127.0.0.1:{OtlpGrpcEndpoint.Port.ToString(CultureInfo.InvariantCulture)}, " +
        $"OTLP/HTTP 127.0.0.1:{OtlpHttpEndpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                List<int> descendants = ProcessTree.Descendants(_process.Id);
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);

                // The dashboard is a grandchild (under the watchdog): wait until it is gone too, so that its
                // ports are free when Dispose returns.
                Stopwatch waited = Stopwatch.StartNew();
                while (descendants.Exists(ProcessTree.IsAlive) && waited.Elapsed < TimeSpan.FromSeconds(10))
                {
                    Thread.Sleep(20);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }
}
