using System.Globalization;
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
    [GeneratedRegex(@"\{\|(?<id>[A-Z]+[0-9]+):")]
    private static partial Regex OpenMarkup();

    /// <summary>Runs the generator and the analyzers; asserts the expected ChimeLogger diagnostics and returns them in source order.</summary>
    public static async Task<IReadOnlyList<Diagnostic>> VerifyAsync(string markup)
    {
        (string source, List<(string Id, TextSpan Span)> expected) = Parse(markup);

        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, static d => d.Id == "CS8785");
        Assert.All(run.Result.Results, static r => Assert.Null(r.Exception));

        // What the IDE shows: the analyzers' diagnostics on the compilation that includes the generated code, and the
        // generator's own (reported where no implementation can be added, so that a command-line build shows them).
        IReadOnlyList<Diagnostic> actual = (await GeneratorHarness.AnalyzeAsync(source))
            .Concat(run.GeneratorDiagnostics)
            .Where(static d => d.Id.StartsWith("CHIME", StringComparison.Ordinal))
            .OrderBy(static d => d.Location.SourceSpan.Start)
            .ThenBy(static d => d.Id, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            expected.Select(static e => $"{e.Id} at {e.Span}").ToList(),
            actual.Select(static d => $"{d.Id} at {d.Location.SourceSpan}").ToList());

        // Nothing is said twice (by the generator and an analyzer, or by two analyzer callbacks).
        Assert.Equal(actual.Count, actual.Select(static d => (d.Id, d.Location.SourceSpan, d.GetMessage(CultureInfo.InvariantCulture))).Distinct().Count());

        // Where the compiler rejects a declaration for want of an implementation (CS8795, CS0751, CS0759, CS1994), it ends a
        // command-line build before any analyzer runs: the generator must then have reported the ChimeLogger error itself.
        if (run.Output.GetDiagnostics().Any(static d => d.Id is "CS8795" or "CS0751" or "CS0759" or "CS1994"))
        {
            Assert.Contains(run.GeneratorDiagnostics, static d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CHIME", StringComparison.Ordinal));
        }

        HashSet<string> failed = actual
            .Where(static d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => MethodName(run, d))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        HashSet<string> withoutCore = actual
            .Where(static d => d.Id == DiagnosticIds.MissingCore)
            .Select(d => MethodName(run, d))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        // Generated code compiles, whatever the user wrote, but for the call of a Core that CHIME012 says is missing: that
        // method-body error keeps a build failing without hiding the analyzers' diagnostics.
        foreach (Diagnostic error in run.Output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error && IsGenerated(d.Location.SourceTree)))
        {
            string? method = error.Location.SourceTree!.GetRoot().FindNode(error.Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText;
            Assert.True(method is not null && withoutCore.Contains(method), $"generated code has {error} in a method without CHIME012");
        }

        // Generated code never throws because of a ChimeLogger error.
        Assert.All(run.Sources, static s => Assert.DoesNotContain("throw new", s.SourceText.ToString(), StringComparison.Ordinal));
        if (failed.Count > 0)
        {
            // The generator does not instrument what is reported as an error: at most a body that calls Core.
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

    /// <summary>Asserts the message of the first diagnostic with <paramref name="id"/>, and returns that diagnostic.</summary>
    public static Diagnostic AssertMessage(IReadOnlyList<Diagnostic> diagnostics, string id, string message)
    {
        Diagnostic diagnostic = diagnostics.First(d => d.Id == id);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        return diagnostic;
    }

    private static bool IsGenerated(SyntaxTree? tree) => tree?.FilePath.EndsWith(".ChimeLogger.g.cs", StringComparison.Ordinal) == true;

    /// <summary>The method a diagnostic is on; the generator's own point into the user's file by path.</summary>
    private static string? MethodName(GeneratorRun run, Diagnostic diagnostic)
    {
        SyntaxTree? tree = diagnostic.Location.SourceTree
            ?? run.Output.SyntaxTrees.FirstOrDefault(t => t.FilePath == diagnostic.Location.GetLineSpan().Path);
        return tree?.GetRoot().FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText;
    }

    /// <summary>The source without markup, and the expected diagnostics; markup may nest (<c>{|CHIME001:{|CHIME002:Step|}|}</c>).</summary>
    private static (string Source, List<(string Id, TextSpan Span)> Expected) Parse(string markup)
    {
        StringBuilder source = new();
        List<(string, TextSpan)> expected = new();
        Stack<(string Id, int Start)> open = new();
        int i = 0;
        while (i < markup.Length)
        {
            Match start = OpenMarkup().Match(markup, i);
            if (start.Success && start.Index == i)
            {
                open.Push((start.Groups["id"].Value, source.Length));
                i += start.Length;
            }
            else if (open.Count > 0 && string.CompareOrdinal(markup, i, "|}", 0, 2) == 0)
            {
                (string id, int begin) = open.Pop();
                expected.Add((id, new TextSpan(begin, source.Length - begin)));
                i += 2;
            }
            else
            {
                source.Append(markup[i]);
                i++;
            }
        }

        Assert.Empty(open);
        expected.Sort(static (a, b) => a.Item2.Start != b.Item2.Start ? a.Item2.Start.CompareTo(b.Item2.Start) : string.CompareOrdinal(a.Item1, b.Item1));
        return (source.ToString(), expected);
    }
}
