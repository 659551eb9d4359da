using System.Text;
using System.Text.RegularExpressions;
using ChimeLogger.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

        // Generated code never fails to compile, whatever the user wrote.
        Assert.DoesNotContain(run.Output.GetDiagnostics(), static d => d.Severity == DiagnosticSeverity.Error
            && d.Location.SourceTree?.FilePath.EndsWith(".ChimeLogger.g.cs", StringComparison.Ordinal) == true);

        // A partial method is left without an implementation (CS8795) only when ChimeLogger reported an error and there
        // is no Core to pass the call through to: then the compiler's own error stops the build.
        if (run.Output.GetDiagnostics().Any(static d => d.Id == "CS8795"))
        {
            Assert.Contains(actual, static d => d.Severity == DiagnosticSeverity.Error);
        }

        // Generated code never throws because of a ChimeLogger error.
        Assert.All(run.Sources, static s => Assert.DoesNotContain("throw new", s.SourceText.ToString(), StringComparison.Ordinal));
        if (actual.Any(static d => d.Severity == DiagnosticSeverity.Error))
        {
            // The generator does not instrument what the analyzer reports as an error: at most a body that calls Core.
            HashSet<string> failed = actual
                .Where(static d => d.Severity == DiagnosticSeverity.Error)
                .Select(static d => d.Location.SourceTree?.GetRoot().FindNode(d.Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText)
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            foreach (MethodDeclarationSyntax generated in run.Sources.SelectMany(static s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()))
            {
                if (failed.Contains(generated.Identifier.ValueText))
                {
                    Assert.DoesNotContain("ChimeTelemetry.Tracer", generated.ToFullString(), StringComparison.Ordinal);
                }
            }
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
