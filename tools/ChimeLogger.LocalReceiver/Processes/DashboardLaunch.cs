using System.Diagnostics;
using System.Globalization;

namespace ChimeLogger.LocalReceiver.Processes;

/// <summary>
/// How the dashboard process is started: under a small shell watchdog on Linux and macOS, on the chosen loopback
/// ports, with the caller's own ASP.NET Core, dashboard and OpenTelemetry settings removed from its environment.
/// </summary>
internal static class DashboardLaunch
{
    private const string Shell = "/bin/sh";

    // Runs the dashboard ($1) and stops it when standard input closes, which happens when this process ends
    // for any reason (a crashed or killed test host included), so that no dashboard outlives its user. The
    // watcher reads a copy of stdin (fd 3) because background jobs of a script get /dev/null as stdin.
    // The script exits with the dashboard's exit code.
    private const string WatchdogScript =
        """
        exec 3<&0
        "$1" </dev/null &
        dashboard=$!
        { while read -r _ <&3; do :; done; kill "$dashboard" 2>/dev/null; } &
        watcher=$!
        wait "$dashboard"
        status=$?
        kill "$watcher" 2>/dev/null
        exit "$status"
        """;

    /// <summary>The start information of the dashboard <paramref name="executable"/> on <paramref name="ports"/>.</summary>
    public static ProcessStartInfo StartInfo(string executable, ReceiverPorts ports, LocalOtlpReceiverOptions options)
    {
        ProcessStartInfo start = new()
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // held open by this process: its end tells the watchdog to stop the dashboard
            WorkingDirectory = Path.GetDirectoryName(executable) ?? Environment.CurrentDirectory,
        };
        if (!OperatingSystem.IsWindows() && File.Exists(Shell))
        {
            start.FileName = Shell;
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(WatchdogScript);
            start.ArgumentList.Add("chimelogger-receiver");
            start.ArgumentList.Add(executable);
        }
        else
        {
            start.FileName = executable;
        }

        // The caller's own ASP.NET Core, dashboard or OpenTelemetry settings must not reconfigure the receiver
        // (an OTEL_EXPORTER_OTLP_ENDPOINT, for instance, would make it export its own telemetry).
        foreach (string name in start.Environment.Keys.ToArray())
        {
            if (name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("ASPIRE_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DOTNET_DASHBOARD_", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("DASHBOARD__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports.Ui.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{ports.Grpc.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{ports.Http.ToString(CultureInfo.InvariantCulture)}";

        // No browser token, no OTLP API key: the telemetry API is then enabled without authentication.
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        foreach ((string name, string value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Makes sure the restored executable may be run (a package extraction can drop the execute bit).</summary>
    public static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            try
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                throw new LocalReceiverException($"The Aspire dashboard '{path}' is not executable and could not be made so: {ex.Message}", ex);
            }
        }
    }
}
