using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ChimeLogger.Package.Tests.Infrastructure;

namespace ChimeLogger.Package.Tests;

/// <summary>
/// What a library package owes its users beyond the code: a repository address and commit, a symbol package whose
/// PDB carries a Source Link to that commit, and a package README whose links work on a package page.
/// </summary>
public sealed partial class PackageMetadataTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private const string RepositoryUrl = "https://github.com/CHIMEFRB/ChimeLogger";

    // The Source Link custom debug information kind of portable PDBs.
    private static readonly Guid s_sourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public void The_nuspec_names_the_repository_and_the_commit_it_was_built_from()
    {
        XElement repository = Nuspec().Descendants().Single(static e => e.Name.LocalName == "repository");

        Assert.Equal(RepositoryUrl, (string?)repository.Attribute("url"));
        Assert.Matches(CommitPattern(), (string?)repository.Attribute("commit") ?? "");
    }

    [Fact]
    public void The_symbol_package_holds_a_pdb_whose_source_link_points_at_that_commit()
    {
        string symbols = Path.ChangeExtension(package.PackagePath, ".snupkg");
        Assert.True(File.Exists(symbols), $"no symbol package beside {package.PackagePath}");
        string commit = (string)Nuspec().Descendants().Single(static e => e.Name.LocalName == "repository").Attribute("commit")!;

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
        string readmePath = (string)Nuspec().Descendants().Single(static e => e.Name.LocalName == "readme");
        ZipArchiveEntry entry = Assert.Single(archive.Entries, e => e.FullName == readmePath);
        using StreamReader text = new(entry.Open());
        string readme = text.ReadToEnd();

        // Markdown links and images: [text](target) and ![alt](target). A relative target resolves against the
        // package page, where the repository's files do not exist.
        string[] targets = LinkPattern().Matches(readme).Select(static m => m.Groups["target"].Value).ToArray();
        Assert.NotEmpty(targets);
        Assert.All(targets, static target => Assert.StartsWith("https://", target, StringComparison.Ordinal));
    }

    private XDocument Nuspec()
    {
        using ZipArchive archive = ZipFile.OpenRead(package.PackagePath);
        using Stream nuspec = archive.Entries.Single(static e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(nuspec);
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();
}
