using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ChimeLogger.Generators.Caching;

/// <summary>
/// Identifies a run of compilations of one project whose declarations are all the same: the same references, options
/// and syntax trees, where a tree may differ only inside method bodies and the initialisers of non-constant fields
/// (<see cref="SyntaxTree.IsEquivalentTo(SyntaxTree, bool)"/> with <c>topLevel: true</c>, the test Roslyn itself uses to
/// keep its declarations across an edit), with the same preprocessor directives. Within one epoch every type, member, signature, attribute and constant is the
/// same, so what the generator read from the declarations of an unchanged method is still true. Any other change (a
/// member, a type, a constant, an attribute argument, a reference, an option) starts a new epoch.
/// </summary>
internal sealed class DeclarationEpoch
{
    private static readonly ConditionalWeakTable<Compilation, DeclarationEpoch> s_epochs = new();

    // The compilation seen last for each assembly name: the one an edit most likely came from.
    private static readonly Dictionary<string, WeakReference<Compilation>> s_latest = new();
    private static readonly object s_gate = new();

    private DeclarationEpoch()
    {
    }

    /// <summary>The epoch of <paramref name="compilation"/>: the one of the previous compilation when only bodies changed, else a new one.</summary>
    public static DeclarationEpoch Of(Compilation compilation, CancellationToken cancellationToken)
    {
        if (s_epochs.TryGetValue(compilation, out DeclarationEpoch? known))
        {
            return known;
        }

        lock (s_gate)
        {
            if (s_epochs.TryGetValue(compilation, out known))
            {
                return known;
            }

            string name = compilation.AssemblyName ?? string.Empty;
            DeclarationEpoch epoch = s_latest.TryGetValue(name, out WeakReference<Compilation>? reference)
                && reference.TryGetTarget(out Compilation? previous)
                && s_epochs.TryGetValue(previous, out DeclarationEpoch? previousEpoch)
                && SameDeclarations(previous, compilation, cancellationToken)
                    ? previousEpoch
                    : new DeclarationEpoch();
            s_epochs.Add(compilation, epoch);
            s_latest[name] = new WeakReference<Compilation>(compilation);
            return epoch;
        }
    }

    private static bool SameDeclarations(Compilation previous, Compilation current, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(previous.Options, current.Options) && !previous.Options.Equals(current.Options))
        {
            return false;
        }

        if (!SameReferences(previous, current))
        {
            return false;
        }

        // Trees are compared in order: a compilation edited in place keeps the order of its trees.
        using IEnumerator<SyntaxTree> before = previous.SyntaxTrees.GetEnumerator();
        using IEnumerator<SyntaxTree> after = current.SyntaxTrees.GetEnumerator();
        while (true)
        {
            bool more = before.MoveNext();
            if (more != after.MoveNext())
            {
                return false;
            }

            if (!more)
            {
                return true;
            }

            cancellationToken.ThrowIfCancellationRequested();
            SyntaxTree old = before.Current;
            SyntaxTree now = after.Current;
            if (ReferenceEquals(old, now))
            {
                continue;
            }

            if (old.FilePath != now.FilePath
                || !Equals(old.Options, now.Options)
                || !old.IsEquivalentTo(now, topLevel: true)
                || !SameDirectives(old, now, cancellationToken))
            {
                return false;
            }
        }
    }

    // Equivalence ignores trivia, and directives are trivia: a changed #nullable, #define or #if must still count.
    private static bool SameDirectives(SyntaxTree old, SyntaxTree now, CancellationToken cancellationToken)
    {
        List<string> before = Directives(old, cancellationToken);
        List<string> after = Directives(now, cancellationToken);
        if (before.Count != after.Count)
        {
            return false;
        }

        for (int i = 0; i < before.Count; i++)
        {
            if (before[i] != after[i])
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> Directives(SyntaxTree tree, CancellationToken cancellationToken)
    {
        List<string> directives = new();
        SyntaxNode root = tree.GetRoot(cancellationToken);
        if (root.ContainsDirectives)
        {
            foreach (SyntaxTrivia trivia in root.DescendantTrivia(static node => node.ContainsDirectives))
            {
                if (trivia.IsDirective)
                {
                    directives.Add(trivia.ToString().Trim());
                }
            }
        }

        return directives;
    }

    private static bool SameReferences(Compilation previous, Compilation current)
    {
        using IEnumerator<MetadataReference> before = previous.References.GetEnumerator();
        using IEnumerator<MetadataReference> after = current.References.GetEnumerator();
        while (true)
        {
            bool more = before.MoveNext();
            if (more != after.MoveNext())
            {
                return false;
            }

            if (!more)
            {
                return true;
            }

            if (!ReferenceEquals(before.Current, after.Current))
            {
                return false;
            }
        }
    }
}
