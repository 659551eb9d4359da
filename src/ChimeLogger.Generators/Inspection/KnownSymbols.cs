using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Inspection;

/// <summary>The types the generator and the analyzers look for, resolved once per compilation.</summary>
internal sealed class KnownSymbols
{
    public const string OperateAttributeName = "ChimeLogger.OperateAttribute";
    public const string CreateAttributeName = "ChimeLogger.CreateAttribute";
    public const string ChildSpanAttributeName = "ChimeLogger.ChildSpanAttribute";
    public const string ResourceNameAttributeName = "ChimeLogger.ResourceNameAttribute";
    public const string ParentsAttributeName = "ChimeLogger.ParentsAttribute";
    public const string SpanAttributeAttributeName = "ChimeLogger.SpanAttributeAttribute";
    public const string HelixTokenName = "ChimeLogger.HelixToken";

    private KnownSymbols(Compilation compilation, INamedTypeSymbol operate, INamedTypeSymbol create, INamedTypeSymbol childSpan, INamedTypeSymbol helixToken)
    {
        Compilation = compilation;
        OperateAttribute = operate;
        CreateAttribute = create;
        ChildSpanAttribute = childSpan;
        HelixToken = helixToken;
        ResourceNameAttribute = compilation.GetTypeByMetadataName(ResourceNameAttributeName);
        ParentsAttribute = compilation.GetTypeByMetadataName(ParentsAttributeName);
        SpanAttributeAttribute = compilation.GetTypeByMetadataName(SpanAttributeAttributeName);
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        IAsyncEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        IAsyncEnumeratorOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerator`1");
        IFormatProvider = compilation.GetTypeByMetadataName("System.IFormatProvider");
        IEnumerableOfString = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T)
            .Construct(compilation.GetSpecialType(SpecialType.System_String));
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol OperateAttribute { get; }

    public INamedTypeSymbol CreateAttribute { get; }

    public INamedTypeSymbol ChildSpanAttribute { get; }

    public INamedTypeSymbol HelixToken { get; }

    public INamedTypeSymbol? ResourceNameAttribute { get; }

    public INamedTypeSymbol? ParentsAttribute { get; }

    public INamedTypeSymbol? SpanAttributeAttribute { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? IAsyncEnumerableOfT { get; }

    public INamedTypeSymbol? IAsyncEnumeratorOfT { get; }

    public INamedTypeSymbol? IFormatProvider { get; }

    public INamedTypeSymbol IEnumerableOfString { get; }

    // The generator's transform runs once per instrumented method; the symbols are looked up once per compilation.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Resolved> s_resolved = new();

    /// <summary>
    /// Resolves the symbols (once per compilation), or returns <see langword="null"/> when the compilation does not
    /// reference ChimeLogger.
    /// </summary>
    public static KnownSymbols? Resolve(Compilation compilation) =>
        s_resolved.GetValue(compilation, static c => new Resolved(ResolveNow(c))).Symbols;

    private static KnownSymbols? ResolveNow(Compilation compilation)
    {
        INamedTypeSymbol? operate = compilation.GetTypeByMetadataName(OperateAttributeName);
        INamedTypeSymbol? create = compilation.GetTypeByMetadataName(CreateAttributeName);
        INamedTypeSymbol? childSpan = compilation.GetTypeByMetadataName(ChildSpanAttributeName);
        INamedTypeSymbol? helixToken = compilation.GetTypeByMetadataName(HelixTokenName);
        if (operate is null || create is null || childSpan is null || helixToken is null)
        {
            return null;
        }

        return new KnownSymbols(compilation, operate, create, childSpan, helixToken);
    }

    public static bool Is(ISymbol? symbol, ISymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(symbol, expected);

    /// <summary>The span an attribute of this class opens, or <see langword="null"/> when it is none of the span attributes.</summary>
    public SpanKind? SpanKindOf(ISymbol? attributeClass) =>
        Is(attributeClass, OperateAttribute) ? SpanKind.Operate
        : Is(attributeClass, CreateAttribute) ? SpanKind.Create
        : Is(attributeClass, ChildSpanAttribute) ? SpanKind.Child
        : null;

    /// <summary>The span attribute of <paramref name="kind"/>, named as in C#: <c>Operate</c>, <c>Create</c> or <c>ChildSpan</c>.</summary>
    public static string AttributeName(SpanKind kind) => kind switch
    {
        SpanKind.Operate => "Operate",
        SpanKind.Create => "Create",
        _ => "ChildSpan",
    };

    private sealed class Resolved
    {
        public Resolved(KnownSymbols? symbols) => Symbols = symbols;

        public KnownSymbols? Symbols { get; }
    }
}
