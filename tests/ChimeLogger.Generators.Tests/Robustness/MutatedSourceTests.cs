using System.Text;
using System.Text.RegularExpressions;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ChimeLogger.Generators.Tests.Robustness;

/// <summary>
/// The generator and the analyzers run on every keystroke, so they see every half-typed state of real code. This feeds
/// them mutated versions of real sources (the sample pipeline's stages and the golden-file inputs): truncated at many
/// points, with tokens shuffled or deleted, with braces removed. None may throw (CS8785) or crash (AD0001).
/// </summary>
public class MutatedSourceTests
{
    private const int Seed = 20261127;

    public static TheoryData<string> RealSources()
    {
        TheoryData<string> data = new();
        foreach (string name in Sources().Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RealSources))]
    public async Task Mutations_of_a_real_source_never_crash_the_generator_or_the_analyzers(string name)
    {
        string source = Sources()[name];
        List<string> mutants = Mutate(source, new Random(Seed ^ name.GetHashCode(StringComparison.Ordinal) & 0x7FFFFFFF));
        Assert.True(mutants.Count >= 12, $"{name}: only {mutants.Count} mutants.");

        foreach (string mutant in mutants)
        {
            GeneratorRun run = GeneratorHarness.Run(mutant);
            Assert.All(run.Result.Results, r => Assert.True(r.Exception is null, $"{name}: the generator threw {r.Exception} on:\n{mutant}"));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
            IEnumerable<Diagnostic> analyzerDiagnostics = await GeneratorHarness.AnalyzeAsync(mutant);
            Diagnostic? crash = analyzerDiagnostics.FirstOrDefault(d => d.Id == "AD0001");
            Assert.True(crash is null, $"{name}: an analyzer crashed ({crash}) on:\n{mutant}");
        }
    }

    /// <summary>Truncations at evenly spread points, token shuffles and deletions, and braces removed.</summary>
    private static List<string> Mutate(string source, Random random)
    {
        List<string> mutants = [];
        for (int i = 1; i <= 8; i++)
        {
            mutants.Add(source[..(source.Length * i / 9)]);
        }

        SyntaxToken[] tokens = SyntaxFactory.ParseTokens(source).Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToArray();
        for (int i = 0; i < 3; i++)
        {
            // Swap a few neighbouring tokens somewhere in the file.
            SyntaxToken[] shuffled = (SyntaxToken[])tokens.Clone();
            int at = random.Next(Math.Max(1, shuffled.Length - 8));
            for (int j = 0; j < 4 && at + j + 1 < shuffled.Length; j++)
            {
                int k = at + random.Next(Math.Min(8, shuffled.Length - at));
                (shuffled[at + j], shuffled[k]) = (shuffled[k], shuffled[at + j]);
            }

            mutants.Add(Join(shuffled));
        }

        for (int i = 0; i < 2; i++)
        {
            // Delete a run of tokens (an attribute argument, a parameter, a closing parenthesis...).
            int at = random.Next(tokens.Length);
            int length = 1 + random.Next(6);
            mutants.Add(Join(tokens.Take(at).Concat(tokens.Skip(at + length))));
        }

        mutants.Add(source.Replace("}", "", StringComparison.Ordinal));
        mutants.Add(RemoveEvery(source, '{', random));
        mutants.Add(RemoveEvery(source, ')', random));
        return mutants;
    }

    private static string Join(IEnumerable<SyntaxToken> tokens)
    {
        StringBuilder text = new();
        foreach (SyntaxToken token in tokens)
        {
            text.Append(token.ToFullString());
        }

        return text.ToString();
    }

    private static string RemoveEvery(string source, char character, Random random)
    {
        StringBuilder text = new(source.Length);
        foreach (char c in source)
        {
            if (c != character || random.Next(2) == 0)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>The sample's stage files and the C# inputs of the golden-file tests, by a readable name.</summary>
    private static Dictionary<string, string> Sources()
    {
        string root = RepositoryRoot();
        Dictionary<string, string> sources = new(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(Path.Combine(root, "samples", "FrbPipeline", "Stages"), "*.cs").Order(StringComparer.Ordinal))
        {
            sources["sample " + Path.GetFileName(file)] = File.ReadAllText(file);
        }

        string goldenTests = File.ReadAllText(Path.Combine(root, "tests", "ChimeLogger.Generators.Tests", "Emission", "GoldenTests.cs"));
        int index = 0;
        foreach (Match match in Regex.Matches(goldenTests, "\"\"\"\\r?\\n(.*?)\\r?\\n\\s*\"\"\"", RegexOptions.Singleline))
        {
            if (match.Groups[1].Value.Contains("ChimeLogger", StringComparison.Ordinal))
            {
                sources[$"golden input {++index}"] = match.Groups[1].Value;
            }
        }

        return sources;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChimeLogger.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ChimeLogger.sln not found above " + AppContext.BaseDirectory);
    }
}
