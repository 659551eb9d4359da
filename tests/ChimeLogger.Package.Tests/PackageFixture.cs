using System.Reflection;

namespace ChimeLogger.Package.Tests;

/// <summary>
/// Packs src/ChimeLogger.Runtime (with the generator inside) once, into a temporary folder feed, with a version
/// no other run has used, so that a package cached in ~/.nuget/packages from an earlier run is never restored.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    private static readonly string s_repositoryRoot = Metadata("RepositoryRoot");

    public string Feed { get; } = Directory.CreateTempSubdirectory("chimelogger-feed-").FullName;

    public string Version { get; } = $"0.1.0-pkgtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid():N}"[..48];

    public string PackagePath => Path.Combine(Feed, $"ChimeLogger.{Version}.nupkg");

    public static string OpenTelemetryVersion { get; } = Metadata("OpenTelemetryVersion");

    public async Task InitializeAsync()
    {
        string project = Path.Combine(s_repositoryRoot, "src", "ChimeLogger.Runtime", "ChimeLogger.Runtime.csproj");
        (int exitCode, string output) = await DotnetCli.RunAsync(
            s_repositoryRoot,
            "pack", project, "--no-build", "-c", Metadata("Configuration"), "-o", Feed, $"-p:PackageVersion={Version}", "-nodeReuse:false");
        Assert.True(exitCode == 0, $"dotnet pack failed:\n{output}");
        Assert.True(File.Exists(PackagePath), $"no package at {PackagePath}:\n{output}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Feed, recursive: true);

        // The unique version was extracted into the global packages folder by the consumer's restore; remove it.
        string cached = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "chimelogger",
            Version.ToLowerInvariant());
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static string Metadata(string key) => typeof(PackageFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}
