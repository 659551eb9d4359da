using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ChimeLogger.Generators.Tests.Infrastructure;

/// <summary>The user code the tests compile: how a test source starts, and an edit of it as an IDE makes one.</summary>
internal static class UserCode
{
    /// <summary>The usings a test source starts with, those of an instrumented pipeline.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ChimeLogger;

        """;

    /// <summary>The compilation with <paramref name="oldText"/>, which the file at <paramref name="path"/> must hold, replaced in that file.</summary>
    public static Compilation ReplaceIn(Compilation compilation, string path, string oldText, string newText)
    {
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        string text = tree.GetText().ToString();
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text.Replace(oldText, newText, StringComparison.Ordinal))));
    }
}
