using System.Text;
using System.Text.RegularExpressions;
using ChimeLogger.Generators.Diagnostics;
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

        // A partial method is never left without an implementation: CS8795 is a declaration error, and the
        // command-line compiler does not run analyzers after one, so it would hide the ChimeLogger error.
        // The one exception is a containing type that is not partial (CHIME002): nothing can be added to it.
        if (!actual.Any(static d => d.Id == DiagnosticIds.TypeNotPartial))
        {
            Assert.DoesNotContain(run.Output.GetDiagnostics(), static d => d.Id == "CS8795");
        }
        if (actual.Any(static d => d.Severity == DiagnosticSeverity.Error))
        {
            // The generator does not instrument what the analyzer reports as an error.
            Assert.All(run.Sources, static s => Assert.DoesNotContain("ChimeTelemetry.Tracer", s.SourceText.ToString(), StringComparison.Ordinal));
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
