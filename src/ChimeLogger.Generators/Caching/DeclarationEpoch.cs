using System.Runtime.CompilerServices;

namespace ChimeLogger.Generators.Caching;

/// <summary>
/// Identifies a run of compilations of one project whose declarations are all the same: the same references, options
/// and syntax trees, where a tree may differ only inside method bodies and the initialisers of non-constant fields
/// (<see cref="SyntaxTree.IsEquivalentTo(SyntaxTree, bool)"/> with <c>topLevel: true</c>, the test Roslyn itself uses to
/// keep its declarations across an edit). Within one epoch every type, member, signature, attribute and constant is the
/// same, so what the generator read from the declarations of an unchanged method is still true. Any other change (a
/// member, a type, a constant, an attribute argument, a reference, an option, a file's path) starts a new epoch.
/// <para>
/// Preprocessor directives are trivia, but they are covered: in Roslyn 5.0, the version the generator requires, the
/// top-level equivalence compares <c>#nullable</c> directives (they change what declarations mean), and a <c>#define</c>
/// or <c>#if</c> that turns code on or off changes the tokens it compares. A directive that changes neither cannot
/// change a declaration.
/// </para>
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

        // References and trees are compared in order: a compilation edited in place keeps the order of both.
        return SameInOrder(previous.References, current.References, static (old, now) => ReferenceEquals(old, now))
            && SameInOrder(previous.SyntaxTrees, current.SyntaxTrees, (old, now) => SameDeclarations(old, now, cancellationToken));
    }

    private static bool SameDeclarations(SyntaxTree old, SyntaxTree now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ReferenceEquals(old, now)
            || (old.FilePath == now.FilePath
                && Equals(old.Options, now.Options)
                && old.IsEquivalentTo(now, topLevel: true));
    }

    /// <summary>Whether both sequences have as many items, each <paramref name="same"/> as the one at its place in the other.</summary>
    private static bool SameInOrder<T>(IEnumerable<T> previous, IEnumerable<T> current, Func<T, T, bool> same)
    {
        using IEnumerator<T> before = previous.GetEnumerator();
        using IEnumerator<T> after = current.GetEnumerator();
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

            if (!same(before.Current, after.Current))
            {
                return false;
            }
        }
    }
}
