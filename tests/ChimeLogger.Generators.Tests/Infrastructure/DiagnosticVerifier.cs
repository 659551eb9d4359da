using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ChimeLogger.Generators.Tests.Infrastructure;

/// <summary>
/// Checks ChimeLogger diagnostics against markup in the user code: <c>{|CHIME004:Register|}</c> expects
/// CHIME004 exactly on <c>Register</c>. Code without markup must produce no ChimeLogger diagnostic.
/// </summary>
internal static partial class DiagnosticVerifier
{
    [GeneratedRegex(@"\{\|(?<id>[A-Z]+[0-9]+):(?<text>.*?)\|\}", RegexOptions.Singleline)]
    private static partial Regex Markup();

    /// <summary>Runs the generator and the analyzers; asserts the expected ChimeLogger diagnostics and returns them in source order.</summary>
    public static async Task<IReadOnlyList<Diagnostic>> VerifyAsync(string markup)
    {
        (string source, List<(string Id, TextSpan Span)> expected) = Parse(markup);

        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, static d => d.Id == "CS8785");
        Assert.All(run.Result.Results, static r => Assert.Null(r.Exception));

        IReadOnlyList<Diagnostic> actual = (await GeneratorHarness.AnalyzeAsync(source))
            .Where(static d => d.Id.StartsWith("CHIME", StringComparison.Ordinal))
            .OrderBy(static d => d.Location.SourceSpan.Start)
            .ThenBy(static d => d.Id, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            expected.Select(static e => $"{e.Id} at {e.Span}").ToList(),
            actual.Select(static d => $"{d.Id} at {d.Location.SourceSpan}").ToList());

        if (actual.Any(static d => d.Severity == DiagnosticSeverity.Error))
        {
            // The generator skips what the analyzer reports as an error, so only the analyzer speaks.
            Assert.Empty(run.Sources);
        }
        else
        {
            Assert.DoesNotContain(run.Problems, static d => d.Severity == DiagnosticSeverity.Error);
        }

        return actual;
    }

    private static (string Source, List<(string Id, TextSpan Span)> Expected) Parse(string markup)
    {
        StringBuilder source = new();
        List<(string, TextSpan)> expected = new();
        int last = 0;
        foreach (Match match in Markup().Matches(markup))
        {
            source.Append(markup, last, match.Index - last);
            string text = match.Groups["text"].Value;
            expected.Add((match.Groups["id"].Value, new TextSpan(source.Length, text.Length)));
            source.Append(text);
            last = match.Index + match.Length;
        }

        source.Append(markup, last, markup.Length - last);
        return (source.ToString(), expected);
    }
}
