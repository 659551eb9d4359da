using System.Text;

namespace ChimeLogger.Package.Tests.Infrastructure;

/// <summary>A fresh project in a temporary folder that uses only the packed ChimeLogger packages.</summary>
internal sealed class ConsumerProject : IDisposable
{
    private ConsumerProject(string directory, string? buildTarget = null)
    {
        Directory = directory;
        BuildTarget = buildTarget;
    }

    public string Directory { get; }

    /// <summary>What <see cref="BuildAsync"/> builds: the solution of several projects, or the one project of the folder.</summary>
    private string? BuildTarget { get; }

    /// <summary>A console program referencing ChimeLogger (and the in-memory exporter).</summary>
    public static ConsumerProject Create(PackageFixture package, string program)
    {
        string directory = NewDirectory(package);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), ProjectFile(
            "<OutputType>Exe</OutputType>",
            ("ChimeLogger", package.Version),
            ("OpenTelemetry.Exporter.InMemory", PackageFixture.OpenTelemetryVersion)));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        return new ConsumerProject(directory);
    }

    /// <summary>An xunit test project referencing ChimeLogger and ChimeLogger.Testing, nothing else of this repository.</summary>
    public static ConsumerProject CreateTests(PackageFixture package, string tests)
    {
        string directory = NewDirectory(package);
        File.WriteAllText(Path.Combine(directory, "Consumer.Tests.csproj"), ProjectFile(
            "<IsPackable>false</IsPackable><IsTestProject>true</IsTestProject>",
            ("ChimeLogger", package.Version),
            ("ChimeLogger.Testing", package.Version),
            ("Microsoft.NET.Test.Sdk", PackageFixture.TestSdkVersion),
            ("xunit", PackageFixture.XunitVersion),
            ("xunit.runner.visualstudio", PackageFixture.XunitRunnerVersion)));
        File.WriteAllText(Path.Combine(directory, "PipelineTests.cs"), tests);
        return new ConsumerProject(directory);
    }

    /// <summary>
    /// Several class libraries referencing ChimeLogger, one folder each (named by the key, holding <c>Code.cs</c>), in one
    /// solution, so that one <c>dotnet build</c> restores and builds them all (in parallel) and each still fails or succeeds
    /// on its own.
    /// </summary>
    public static ConsumerProject CreateSolution(PackageFixture package, IReadOnlyDictionary<string, string> projects)
    {
        string directory = NewDirectory(package);
        StringBuilder solution = new("<Solution>\n");
        foreach ((string name, string code) in projects)
        {
            string folder = System.IO.Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
            File.WriteAllText(Path.Combine(folder, name + ".csproj"), ProjectFile(properties: "", ("ChimeLogger", package.Version)));
            File.WriteAllText(Path.Combine(folder, "Code.cs"), code);
            solution.Append("  <Project Path=\"").Append(name).Append('/').Append(name).Append(".csproj\" />\n");
        }

        solution.Append("</Solution>\n");
        File.WriteAllText(Path.Combine(directory, "Consumers.slnx"), solution.ToString());
        return new ConsumerProject(directory, "Consumers.slnx");
    }

    /// <summary>A net10.0 project with nullable and implicit usings on, no central package management, and these packages.</summary>
    private static string ProjectFile(string properties, params (string Id, string Version)[] packages) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            {properties}
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
        {string.Concat(packages.Select(static p => $"    <PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />\n"))}  </ItemGroup>
        </Project>
        """;

    private static string NewDirectory(PackageFixture package)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("chimelogger-consumer-").FullName;
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

        // Stubs, so that nothing is inherited from folders above (a repository's central package management, say).
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        return directory;
    }

    public Task<(int ExitCode, string Output)> BuildAsync() => BuildTarget is null
        ? DotnetCli.RunAsync(Directory, "build", "-nodeReuse:false", "-p:UseSharedCompilation=false")
        : DotnetCli.RunAsync(Directory, "build", BuildTarget, "-nodeReuse:false", "-p:UseSharedCompilation=false");

    public Task<(int ExitCode, string Output)> RunAsync() =>
        DotnetCli.RunAsync(Directory, "run", "--no-build");

    public Task<(int ExitCode, string Output)> TestAsync() =>
        DotnetCli.RunAsync(Directory, "test", "-nodeReuse:false", "-p:UseSharedCompilation=false");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
