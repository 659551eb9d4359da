using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ChimeLogger.Package.Tests.Infrastructure;

namespace ChimeLogger.Package.Tests;

/// <summary>
/// What the packages hold: ChimeLogger its runtime, generator and code fixes (the generator without Workspaces) and its
/// dependencies, ChimeLogger.Testing its assembly, docs and the same ChimeLogger; and what a library package owes its
/// users beyond the code: a repository address and commit, a symbol package whose PDB carries a Source Link to that
/// commit, and a package README whose links work on a package page.
/// </summary>
public sealed partial class PackageContentsTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private const string RepositoryUrl = "https://github.com/CHIMEFRB/ChimeLogger";

    // The Source Link custom debug information kind of portable PDBs.
    private static readonly Guid s_sourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public void The_package_holds_the_runtime_and_the_generator_and_declares_its_dependencies()
    {
        string[] entries = Entries(package.PackagePath);
        Assert.Contains("lib/net10.0/ChimeLogger.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/ChimeLogger.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/ChimeLogger.CodeFixes.dll", entries);

        string[] dependencies = Nuspec(package.PackagePath).Descendants().Where(static e => e.Name.LocalName == "dependency").Select(static e => (string)e.Attribute("id")!).ToArray();
        Assert.Contains("OpenTelemetry", dependencies);
        Assert.Contains("OpenTelemetry.Exporter.OpenTelemetryProtocol", dependencies);
        Assert.DoesNotContain("ChimeLogger.Generators", dependencies);
    }

    [Fact]
    public void The_generator_does_not_reference_workspaces_and_the_code_fixes_do()
    {
        // A source generator is loaded by the command-line compiler, which has no Workspaces: it must not depend on them.
        using ZipArchive archive = ZipFile.OpenRead(package.PackagePath);
        Assert.DoesNotContain(AssemblyReferences(archive, "analyzers/dotnet/cs/ChimeLogger.Generators.dll"), static r => r.StartsWith("Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal));
        Assert.Contains("Microsoft.CodeAnalysis.Workspaces", AssemblyReferences(archive, "analyzers/dotnet/cs/ChimeLogger.CodeFixes.dll"));
    }

    [Fact]
    public void The_testing_package_holds_its_assembly_and_docs_and_depends_on_the_same_ChimeLogger()
    {
        string[] entries = Entries(package.TestingPackagePath);
        Assert.Contains("lib/net10.0/ChimeLogger.Testing.dll", entries);
        Assert.Contains("lib/net10.0/ChimeLogger.Testing.xml", entries);
        Assert.Contains("README.md", entries);

        XElement chimeLogger = Nuspec(package.TestingPackagePath).Descendants().Single(static e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "ChimeLogger");
        Assert.Equal(package.Version, (string)chimeLogger.Attribute("version")!);
    }

    [Fact]
    public void The_nuspec_names_the_repository_and_the_commit_it_was_built_from()
    {
        XElement repository = Nuspec(package.PackagePath).Descendants().Single(static e => e.Name.LocalName == "repository");

        Assert.Equal(RepositoryUrl, (string?)repository.Attribute("url"));
        Assert.Matches(CommitPattern(), (string?)repository.Attribute("commit") ?? "");
    }

    [Fact]
    public void The_symbol_package_holds_a_pdb_whose_source_link_points_at_that_commit()
    {
        string symbols = Path.ChangeExtension(package.PackagePath, ".snupkg");
        Assert.True(File.Exists(symbols), $"no symbol package beside {package.PackagePath}");
        string commit = (string)Nuspec(package.PackagePath).Descendants().Single(static e => e.Name.LocalName == "repository").Attribute("commit")!;

        using ZipArchive archive = ZipFile.OpenRead(symbols);
        ZipArchiveEntry pdb = Assert.Single(archive.Entries, static e => e.FullName == "lib/net10.0/ChimeLogger.pdb");
        using MemoryStream bytes = new();
        using (Stream stream = pdb.Open())
        {
            stream.CopyTo(bytes);
        }

        bytes.Position = 0;
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(bytes);
        MetadataReader reader = provider.GetMetadataReader();
        string? sourceLink = null;
        foreach (CustomDebugInformationHandle handle in reader.CustomDebugInformation)
        {
            CustomDebugInformation information = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(information.Kind) == s_sourceLinkKind)
            {
                sourceLink = Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
            }
        }

        Assert.NotNull(sourceLink);
        using JsonDocument document = JsonDocument.Parse(sourceLink);
        string[] targets = document.RootElement.GetProperty("documents").EnumerateObject().Select(static p => p.Value.GetString()!).ToArray();
        Assert.Contains($"https://raw.githubusercontent.com/CHIMEFRB/ChimeLogger/{commit}/*", targets);
    }

    [Fact]
    public void The_package_readme_links_only_to_absolute_addresses()
    {
        using ZipArchive archive = ZipFile.OpenRead(package.PackagePath);
        string readmePath = (string)Nuspec(package.PackagePath).Descendants().Single(static e => e.Name.LocalName == "readme");
        ZipArchiveEntry entry = Assert.Single(archive.Entries, e => e.FullName == readmePath);
        using StreamReader text = new(entry.Open());
        string readme = text.ReadToEnd();

        // Markdown links and images: [text](target) and ![alt](target). A relative target resolves against the
        // package page, where the repository's files do not exist.
        string[] targets = LinkPattern().Matches(readme).Select(static m => m.Groups["target"].Value).ToArray();
        Assert.NotEmpty(targets);
        Assert.All(targets, static target => Assert.StartsWith("https://", target, StringComparison.Ordinal));
    }

    private static string[] Entries(string packagePath)
    {
        using ZipArchive archive = ZipFile.OpenRead(packagePath);
        return archive.Entries.Select(static e => e.FullName).ToArray();
    }

    private static XDocument Nuspec(string packagePath)
    {
        using ZipArchive archive = ZipFile.OpenRead(packagePath);
        using Stream nuspec = archive.Entries.Single(static e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(nuspec);
    }

    private static string[] AssemblyReferences(ZipArchive archive, string entry)
    {
        using Stream stream = archive.GetEntry(entry)!.Open();
        using MemoryStream copy = new();
        stream.CopyTo(copy);
        copy.Position = 0;
        using System.Reflection.PortableExecutable.PEReader pe = new(copy);
        System.Reflection.Metadata.MetadataReader metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToArray();
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();
}
