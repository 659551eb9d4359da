using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Parsing;

/// <summary>
/// What <see cref="MethodInspector"/> found on one instrumented method, in symbols. It lives only inside one
/// analyzer callback or one generator transform; the generator turns it into an <see cref="InstrumentedMethod"/>.
/// </summary>
internal sealed class MethodInspection
{
    public MethodInspection(IMethodSymbol method, SpanKind kind, AttributeData spanAttribute)
    {
        Method = method;
        Kind = kind;
        SpanAttribute = spanAttribute;
    }

    public IMethodSymbol Method { get; }

    public SpanKind Kind { get; }

    public AttributeData SpanAttribute { get; }

    public string? SpanName { get; set; }

    public string? ResourceType { get; set; }

    /// <summary>Whether any parameter carries <c>[ResourceName]</c>, valid or not.</summary>
    public bool HasResourceNameAttribute { get; set; }

    public IParameterSymbol? ResourceNameParameter { get; set; }

    public string? ResourceNameMember { get; set; }

    public ITypeSymbol? ResourceNameValueType { get; set; }

    /// <summary>The interface to cast the parameter to before reading <see cref="ResourceNameMember"/> (explicit implementations).</summary>
    public INamedTypeSymbol? ResourceNameInterface { get; set; }

    public IParameterSymbol? ParentsParameter { get; set; }

    public string? ParentsMember { get; set; }

    public ITypeSymbol? ParentsValueType { get; set; }

    /// <summary>The interface to cast the parameter to before reading <see cref="ParentsMember"/> (explicit implementations).</summary>
    public INamedTypeSymbol? ParentsInterface { get; set; }

    public List<(IParameterSymbol Parameter, string Key)> SpanAttributes { get; } = new();

    public IParameterSymbol? CancellationTokenParameter { get; set; }

    public ReturnShape Shape { get; set; }

    public IMethodSymbol? Core { get; set; }

    public bool CoreTakesToken { get; set; }

    /// <summary>Whether the partial declaration itself says <c>async</c> (which C# refuses on a declaration without a body).</summary>
    public bool IsDeclaredAsync { get; set; }

    /// <summary>Whether an error was found: the method is not instrumented.</summary>
    public bool HasErrors { get; set; }

    /// <summary>
    /// The errors that keep any implementation out of a method declared <c>partial</c> (its placement): the generator reports
    /// these itself, because the compiler's own errors for them end a command-line build before the analyzers run.
    /// </summary>
    public List<Finding> PlacementProblems { get; } = new();
}

/// <summary>A diagnostic found by the rules, with its message arguments (which a <see cref="Diagnostic"/> does not give back).</summary>
internal sealed class Finding
{
    public Finding(DiagnosticDescriptor descriptor, Location location, object?[] arguments)
    {
        Descriptor = descriptor;
        Location = location;
        Arguments = arguments;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public Location Location { get; }

    public object?[] Arguments { get; }
}
