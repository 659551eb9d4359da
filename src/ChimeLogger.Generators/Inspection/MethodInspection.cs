using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Inspection;

/// <summary>
/// What <see cref="MethodInspector"/> found on one instrumented method, in symbols, and where its findings go. It lives
/// only inside one analyzer callback or one generator transform; the generator turns it into an
/// <see cref="InstrumentedMethod"/>.
/// </summary>
/// <param name="method">The method inspected.</param>
/// <param name="kind">The span it opens (that of its first span attribute).</param>
/// <param name="spanAttribute">That attribute.</param>
/// <param name="report">Where findings are reported, if anywhere.</param>
/// <param name="generatorReportsPlacement">
/// Whether the generator reports the placement problems of this method (it is declared <c>partial</c>), rather than
/// <paramref name="report"/>.
/// </param>
internal sealed class MethodInspection(IMethodSymbol method, SpanKind kind, AttributeData spanAttribute, Action<Diagnostic>? report, bool generatorReportsPlacement)
{
    public IMethodSymbol Method { get; } = method;

    public SpanKind Kind { get; } = kind;

    public AttributeData SpanAttribute { get; } = spanAttribute;

    /// <summary>The span attribute's name as written in C#: <c>Operate</c>, <c>Create</c> or <c>ChildSpan</c>.</summary>
    public string AttributeName => KnownSymbols.AttributeName(Kind);

    public string? SpanName { get; set; }

    public string? ResourceType { get; set; }

    /// <summary>Where the entity id is read from (<c>[ResourceName]</c>), when one parameter validly says so.</summary>
    public AttributedValue? ResourceName { get; set; }

    /// <summary>Where the parent ids are read from (<c>[Parents]</c>), when one parameter validly says so.</summary>
    public AttributedValue? Parents { get; set; }

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

    /// <summary>Reports a finding at <paramref name="location"/> (the method's, when none); an error keeps the method from being instrumented.</summary>
    public void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] args)
    {
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
        {
            HasErrors = true;
        }

        report?.Invoke(Diagnostic.Create(descriptor, location ?? SymbolFacts.MethodLocation(Method), args));
    }

    /// <summary>
    /// Reports a problem with where the method is placed, at the method: kept for the generator to report when the method is
    /// declared <c>partial</c> (<see cref="PlacementProblems"/>), reported as any other finding otherwise.
    /// </summary>
    public void ReportPlacement(DiagnosticDescriptor descriptor, params object?[] args)
    {
        if (generatorReportsPlacement)
        {
            HasErrors = true;
            PlacementProblems.Add(new Finding(descriptor, SymbolFacts.MethodLocation(Method), args));
        }
        else
        {
            Report(descriptor, SymbolFacts.MethodLocation(Method), args);
        }
    }
}

/// <summary>
/// The value a <c>[ResourceName]</c> or <c>[Parents]</c> on a parameter points at: the parameter itself, or the property or
/// field its argument names.
/// </summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Member">The member named by the attribute, or <see langword="null"/> for the parameter itself.</param>
/// <param name="Type">The type of the value read.</param>
/// <param name="Interface">The interface to cast the parameter to before reading <paramref name="Member"/> (an explicit implementation), or <see langword="null"/>.</param>
internal sealed record AttributedValue(IParameterSymbol Parameter, string? Member, ITypeSymbol Type, INamedTypeSymbol? Interface);

/// <summary>A diagnostic found by the rules, with its message arguments (which a <see cref="Diagnostic"/> does not give back).</summary>
/// <param name="Descriptor">The rule.</param>
/// <param name="Location">Where it points.</param>
/// <param name="Arguments">The message arguments.</param>
internal sealed record Finding(DiagnosticDescriptor Descriptor, Location Location, object?[] Arguments);
