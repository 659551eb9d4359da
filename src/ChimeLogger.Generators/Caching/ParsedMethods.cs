using System.Runtime.CompilerServices;
using ChimeLogger.Generators.Model;
using ChimeLogger.Generators.Parsing;

namespace ChimeLogger.Generators.Caching;

/// <summary>
/// The generator's transform, remembered per <see cref="DeclarationEpoch"/>. <c>ForAttributeWithMetadataName</c> calls the
/// transform again for every attributed method of every new compilation; when an edit changed only method bodies
/// elsewhere (typing in another file), a method whose syntax is the very same node as before has the same declarations
/// around it, and the model read from them is taken from here instead of being read again. A method in an edited file
/// is a new node and is read again; a change to any declaration starts a new epoch, and every method is read again.
/// The syntax nodes are held weakly, so that old trees are not kept alive.
/// </summary>
internal sealed class ParsedMethods
{
    private readonly ConditionalWeakTable<DeclarationEpoch, ConditionalWeakTable<SyntaxNode, Parsed>> _byEpoch = new();

    /// <summary>How many methods this thread has read (not taken from here): lets tests see the reuse.</summary>
    [System.ThreadStatic]
    internal static int t_reads;

    public MethodOutput? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        DeclarationEpoch epoch = DeclarationEpoch.Of(context.SemanticModel.Compilation, cancellationToken);
        ConditionalWeakTable<SyntaxNode, Parsed> methods = _byEpoch.GetValue(epoch, static _ => new ConditionalWeakTable<SyntaxNode, Parsed>());
        if (methods.TryGetValue(context.TargetNode, out Parsed? parsed))
        {
            return parsed.Method;
        }

        t_reads++;
        MethodOutput? method = InstrumentationParser.Parse(context, cancellationToken);
        methods.GetValue(context.TargetNode, _ => new Parsed(method));
        return method;
    }

    private sealed class Parsed
    {
        public Parsed(MethodOutput? method) => Method = method;

        public MethodOutput? Method { get; }
    }
}
