using System.Reflection;

namespace ChimeLogger.Package.Tests.Infrastructure;

/// <summary>
/// Packs src/ChimeLogger.Runtime (with the generator inside) and src/ChimeLogger.Testing once, into a temporary folder
/// feed, with one version no other run has used, so that a package cached in ~/.nuget/packages from an earlier run is
/// never restored.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    private static readonly string s_repositoryRoot = Metadata("RepositoryRoot");

    public string Feed { get; } = Directory.CreateTempSubdirectory("chimelogger-feed-").FullName;

    public string Version { get; } = $"0.1.0-pkgtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid():N}"[..48];

    public string PackagePath => Path.Combine(Feed, $"ChimeLogger.{Version}.nupkg");

    public string TestingPackagePath => Path.Combine(Feed, $"ChimeLogger.Testing.{Version}.nupkg");

    public static string OpenTelemetryVersion { get; } = Metadata("OpenTelemetryVersion");

    public static string XunitVersion { get; } = Metadata("XunitVersion");

    public static string XunitRunnerVersion { get; } = Metadata("XunitRunnerVersion");

    public static string TestSdkVersion { get; } = Metadata("TestSdkVersion");

    public async Task InitializeAsync()
    {
        await PackAsync(Path.Combine(s_repositoryRoot, "src", "ChimeLogger.Runtime", "ChimeLogger.Runtime.csproj"), PackagePath);
        await PackAsync(Path.Combine(s_repositoryRoot, "src", "ChimeLogger.Testing", "ChimeLogger.Testing.csproj"), TestingPackagePath);
    }

    private async Task PackAsync(string project, string package)
    {
        (int exitCode, string output) = await DotnetCli.RunAsync(
            s_repositoryRoot,
            "pack", project, "--no-build", "-c", Metadata("Configuration"), "-o", Feed, $"-p:PackageVersion={Version}", "-nodeReuse:false");
        Assert.True(exitCode == 0, $"dotnet pack failed:\n{output}");
        Assert.True(File.Exists(package), $"no package at {package}:\n{output}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Feed, recursive: true);

        // The unique version was extracted into the global packages folder by the consumers' restores; remove it.
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "chimelogger", "chimelogger.testing" })
        {
            string cached = Path.Combine(packages, id, Version.ToLowerInvariant());
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }

        return Task.CompletedTask;
    }

    private static string Metadata(string key) => typeof(PackageFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}
