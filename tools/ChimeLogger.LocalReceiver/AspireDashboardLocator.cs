using System.Reflection;

namespace ChimeLogger.LocalReceiver;

/// <summary>
/// Finds the Aspire dashboard executable that <c>dotnet restore</c> of this project downloaded (NuGet package
/// <c>Aspire.Dashboard.Sdk.linux-x64</c>, file <c>tools/Aspire.Dashboard</c>).
/// </summary>
public static class AspireDashboardLocator
{
    /// <summary>Environment variable that points at a dashboard executable to use instead of the restored one.</summary>
    public const string PathVariable = "CHIME_ASPIRE_DASHBOARD_PATH";

    private const string PackageFolder = "aspire.dashboard.sdk.linux-x64";

    /// <summary>The dashboard version this library was built against (the package version it restores).</summary>
    public static string Version { get; } = ReadMetadata("ChimeLogger.LocalReceiver.AspireDashboardVersion") ?? "13.6.5";

    /// <summary>
    /// The places looked at, in order: <see cref="PathVariable"/>, the path restore resolved when this library
    /// was built, then the package under <c>NUGET_PACKAGES</c> and under <c>~/.nuget/packages</c>.
    /// </summary>
    /// <returns>Candidate executable paths (they may not exist).</returns>
    public static IReadOnlyList<string> Candidates()
    {
        List<string> candidates = [];
        AddIfSet(candidates, Environment.GetEnvironmentVariable(PathVariable));
        AddIfSet(candidates, ReadMetadata("ChimeLogger.LocalReceiver.AspireDashboardPath"));

        string relative = Path.Combine(PackageFolder, Version, "tools", "Aspire.Dashboard");
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages)
        {
            AddIfSet(candidates, Path.Combine(packages, relative));
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0)
        {
            AddIfSet(candidates, Path.Combine(home, ".nuget", "packages", relative));
        }

        return candidates;
    }

    /// <summary>Returns the first existing dashboard executable.</summary>
    /// <returns>The full path of the executable.</returns>
    /// <exception cref="LocalReceiverException">No candidate exists; the message lists where it looked.</exception>
    public static string Locate()
    {
        IReadOnlyList<string> candidates = Candidates();
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new LocalReceiverException(
            $"The Aspire dashboard {Version} executable was not found. Looked at: {string.Join(", ", candidates)}. " +
            "Run 'dotnet restore tools/ChimeLogger.LocalReceiver' (it downloads the NuGet package " +
            $"Aspire.Dashboard.Sdk.linux-x64 {Version}) or set {PathVariable} to the executable.");
    }

    private static void AddIfSet(List<string> candidates, string? path)
    {
        if (!string.IsNullOrWhiteSpace(path) && !candidates.Contains(path, StringComparer.Ordinal))
        {
            candidates.Add(path);
        }
    }

    private static string? ReadMetadata(string key) =>
        typeof(AspireDashboardLocator).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value is { Length: > 0 } value
            ? value
            : null;
}
