using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>What the numbers were measured on, and how busy the machine was while they were.</summary>
internal sealed record MachineInfo(
    string CpuModel,
    int LogicalCores,
    string PhysicalCores,
    string Memory,
    string OperatingSystem,
    string Kernel,
    string Runtime,
    string BenchmarkDotNetVersion,
    string Commit,
    DateTimeOffset Started,
    string LoadAtStart,
    int OtherDotnetProcessesAtStart)
{
    public static MachineInfo Collect() => new(
        CpuModel: FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        LogicalCores: Environment.ProcessorCount,
        PhysicalCores: FirstValue("/proc/cpuinfo", "cpu cores") ?? "unknown",
        Memory: MemoryTotal(),
        OperatingSystem: OsRelease() ?? RuntimeInformation.OSDescription,
        Kernel: KernelRelease(),
        Runtime: RuntimeInformation.FrameworkDescription + " (" + RuntimeInformation.RuntimeIdentifier + ")",
        BenchmarkDotNetVersion: typeof(BenchmarkDotNet.Running.BenchmarkRunner).Assembly.GetName().Version?.ToString(3) ?? "unknown",
        Commit: GitCommit(),
        Started: DateTimeOffset.UtcNow,
        LoadAtStart: LoadAverage(),
        OtherDotnetProcessesAtStart: OtherDotnetProcesses());

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg.</summary>
    public static string LoadAverage()
    {
        try
        {
            string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(" / ", parts.Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>
    /// Processes named dotnet other than this one, the ones that started it (<c>dotnet run</c>) and the ones it
    /// started (BenchmarkDotNet's case processes): builds and test runs of other people on the machine.
    /// </summary>
    public static int OtherDotnetProcesses()
    {
        HashSet<int> ours = [Environment.ProcessId];
        for (int? pid = ParentOf(Environment.ProcessId); pid is > 1 && ours.Add(pid.Value); pid = ParentOf(pid.Value))
        {
        }

        ours.UnionWith(Export.ProcessTree.Descendants(Environment.ProcessId)); // BenchmarkDotNet's case processes

        int count = 0;
        foreach (Process process in Process.GetProcesses())
        {
            using (process)
            {
                try
                {
                    if (!ours.Contains(process.Id) && process.ProcessName == "dotnet")
                    {
                        count++;
                    }
                }
                catch (InvalidOperationException)
                {
                    // exited meanwhile
                }
            }
        }

        return count;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parent) ? parent : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string KernelRelease()
    {
        try
        {
            return "Linux " + File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.OSDescription;
        }
    }

    private static string? FirstValue(string path, string key)
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim() == key)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    private static string MemoryTotal()
    {
        string? total = FirstValue("/proc/meminfo", "MemTotal");
        if (total is not null && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kib))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{kib / 1024.0 / 1024.0:F1} GiB");
        }

        return "unknown";
    }

    private static string? OsRelease()
    {
        try
        {
            return File.ReadLines("/etc/os-release")
                .Where(static l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                .Select(static l => l["PRETTY_NAME=".Length..].Trim('"'))
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string GitCommit()
    {
        try
        {
            using Process git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Length > 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
