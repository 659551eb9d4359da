using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Parsing;

/// <summary>Turns one attributed method into the value model the emitter writes from.</summary>
internal static class InstrumentationParser
{
    /// <summary>Fully qualified names (<c>global::</c>) with nullable annotations, as the partial declaration must be repeated.</summary>
    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat s_namespaceFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>
    /// What to generate for the method <paramref name="context"/> points at, and what the generator reports itself; or
    /// <see langword="null"/> when there is nothing to do: the analyzer reports why.
    /// </summary>
    public static MethodOutput? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol declared
            || context.TargetNode is not MethodDeclarationSyntax syntax
            || SymbolFacts.MethodToInspect(declared, syntax, cancellationToken) is not { } method)
        {
            return null;
        }

        // A method the compiler placed in an implicit type (half-typed code outside any type ends up in
        // "<invalid-global-code>") has no type the generated code could be a part of, nor a valid hint name.
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsImplicitClass || type.IsScriptClass || !type.CanBeReferencedByName)
            {
                return null;
            }
        }

        if (method.ContainingType is null)
        {
            return null;
        }

        KnownSymbols? known = KnownSymbols.Resolve(context.SemanticModel.Compilation);
        if (known is null)
        {
            return null;
        }

        List<string> errors = new();
        MethodInspection? inspection = MethodInspector.Inspect(
            method,
            known,
            diagnostic =>
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error && !errors.Contains(diagnostic.Id))
                {
                    errors.Add(diagnostic.Id);
                }
            },
            cancellationToken);
        if (inspection is null)
        {
            return null;
        }

        if (inspection.PlacementProblems.Count > 0)
        {
            // Nothing can be added to this method, and the compiler's errors about it stop a command-line build before
            // the analyzers run: the generator says why.
            return new MethodOutput(null, inspection.PlacementProblems.Select(static p => Reported(p)).ToEquatableArray());
        }

        if (!SymbolFacts.CanHoldImplementation(method, cancellationToken))
        {
            // A method with a body, or implemented by hand (CHIME001). Past this point the attributed declaration is the
            // method's definition, whose syntax the implementation repeats.
            return null;
        }

        if (inspection.HasErrors || inspection.Core is null || inspection.SpanName is null)
        {
            // A method with an error is not instrumented: it gets a body that only calls Core, so that a suppressed error
            // means "run without telemetry". Without a Core to call, the body is still the call the wrapper would make:
            // it does not compile until Core exists, which is a method-body error beside CHIME012. Writing nothing instead
            // would leave the compiler's CS8795, a declaration error that ends a command-line build before the analyzers
            // run, hiding every ChimeLogger diagnostic of the project. Never a body that throws at run time.
            return Implemented(PassThrough(method, syntax, inspection, errors));
        }

        SpanPlan span = new(
            inspection.Kind,
            inspection.SpanName,
            inspection.ResourceType,
            inspection.Shape,
            EntityId(inspection),
            Parents(inspection),
            inspection.CancellationTokenParameter is { } token ? Escape(token.Name) : null,
            SpanAttributes(method, inspection.SpanAttributes));
        return Implemented(new InstrumentedMethod(ContainingType(method.ContainingType), Signature(method, syntax), Core(method, inspection), span, EquatableArray<string>.Empty));
    }

    private static MethodOutput Implemented(InstrumentedMethod method) => new(method, EquatableArray<ReportedDiagnostic>.Empty);

    private static ReportedDiagnostic Reported(Finding finding)
    {
        FileLinePositionSpan lines = finding.Location.GetLineSpan();
        return new ReportedDiagnostic(
            finding.Descriptor.Id,
            finding.Arguments.Select(static a => a?.ToString() ?? string.Empty).ToEquatableArray(),
            lines.Path,
            finding.Location.SourceSpan,
            lines.Span);
    }

    private static MethodSignature Signature(IMethodSymbol method, MethodDeclarationSyntax syntax) => new(
        string.Join(" ", syntax.Modifiers.Select(static m => m.Text)),
        ReturnTypeText(method),
        Escape(method.Name),
        method.TypeParameters.Select(static t => Escape(t.Name)).ToEquatableArray(),
        method.TypeParameters.Select(ConstraintClause).Where(static c => c is not null).Select(static c => c!).ToEquatableArray(),
        Parameters(method, syntax),
        UsesPointers(method));

    private static CoreMethod Core(IMethodSymbol method, MethodInspection inspection) => inspection.Core is { } core
        ? new(CoreCall(method, core.IsStatic ? core.ContainingType : null, core.Name), core.Name, inspection.CoreTakesToken, IsObsolete(core), IsMissing: false)
        : new(CoreCall(method, method.IsStatic ? method.ContainingType : null, CoreMethodMatcher.CoreName(method)), CoreMethodMatcher.CoreName(method), TakesToken: false, IsObsolete: false, IsMissing: true);

    /// <summary>
    /// How the wrapper names Core: <c>this.XCore</c>, or <c>global::T.XCore</c> for a static Core (of the type that declares
    /// it). A missing Core is named as the expected one would be: of the method's own type, static when the method is.
    /// </summary>
    private static string CoreCall(IMethodSymbol method, INamedTypeSymbol? staticType, string coreName)
    {
        string typeArguments = method.TypeParameters.Length == 0
            ? string.Empty
            : "<" + string.Join(", ", method.TypeParameters.Select(static t => Escape(t.Name))) + ">";
        return (staticType is not null ? staticType.ToDisplayString(s_typeFormat) : "this") + "." + Escape(coreName) + typeArguments;
    }

    private static bool IsObsolete(IMethodSymbol core) =>
        core.GetAttributes().Any(static a => a.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

    private static InstrumentedMethod PassThrough(IMethodSymbol method, MethodDeclarationSyntax syntax, MethodInspection inspection, List<string> errors)
    {
        errors.Sort(StringComparer.Ordinal);
        return new InstrumentedMethod(ContainingType(method.ContainingType), Signature(method, syntax), Core(method, inspection), Span: null, errors.ToEquatableArray());
    }

    /// <summary>
    /// Whether the signature mentions a pointer: then the generated type part is declared <c>unsafe</c> (the user's
    /// <c>unsafe</c> on another part of the type does not cover it, and the method cannot add it: both parts must agree).
    /// </summary>
    private static bool UsesPointers(IMethodSymbol method) =>
        method.Parameters.Any(static p => ContainsPointer(p.Type)) || ContainsPointer(method.ReturnType);

    private static bool ContainsPointer(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => ContainsPointer(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsPointer),
        _ => false,
    };

    private static string ReturnTypeText(IMethodSymbol method)
    {
        if (method.ReturnsVoid)
        {
            return "void";
        }

        string type = method.ReturnType.ToDisplayString(s_typeFormat);
        return method.ReturnsByRefReadonly ? "ref readonly " + type : method.ReturnsByRef ? "ref " + type : type;
    }

    private static EquatableArray<ParameterModel> Parameters(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        List<ParameterModel> parameters = new(method.Parameters.Length);
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            string declarationModifiers = i < syntax.ParameterList.Parameters.Count
                ? string.Join(" ", syntax.ParameterList.Parameters[i].Modifiers.Select(static m => m.Text))
                : string.Empty;
            parameters.Add(new ParameterModel(
                Escape(parameter.Name),
                parameter.Type.ToDisplayString(s_typeFormat),
                declarationModifiers,
                PassedAs(parameter.RefKind)));
        }

        return parameters.ToEquatableArray();
    }

    /// <summary>The <c>[SpanAttribute]</c> parameters, in parameter order.</summary>
    private static EquatableArray<SpanAttributeModel> SpanAttributes(IMethodSymbol method, List<(IParameterSymbol Parameter, string Key)> spanAttributes)
    {
        List<SpanAttributeModel> attributes = new(spanAttributes.Count);
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            foreach ((IParameterSymbol Parameter, string Key) entry in spanAttributes)
            {
                if (SymbolEqualityComparer.Default.Equals(entry.Parameter, parameter))
                {
                    attributes.Add(SpanAttribute(Escape(parameter.Name), entry.Key, parameter.Type, parameter.RefKind == RefKind.Out));
                }
            }
        }

        return attributes.ToEquatableArray();
    }

    /// <summary>The names of the containing types, used to group methods into one file per type.</summary>
    public static ContainingTypeModel ContainingType(INamedTypeSymbol type)
    {
        List<INamedTypeSymbol> chain = new();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            chain.Insert(0, current);
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(s_namespaceFormat)
            : null;
        List<TypeDeclarationModel> declarations = new(chain.Count);
        List<string> fullName = new(chain.Count);
        List<string> hintName = new(chain.Count + 1);
        if (ns is not null)
        {
            hintName.Add(ns.Replace("@", string.Empty));
        }

        foreach (INamedTypeSymbol declaration in chain)
        {
            string typeParameters = declaration.TypeParameters.Length == 0
                ? string.Empty
                : "<" + string.Join(", ", declaration.TypeParameters.Select(static t => Variance(t) + Escape(t.Name))) + ">";
            declarations.Add(new TypeDeclarationModel(Keywords(declaration), Escape(declaration.Name) + typeParameters));
            fullName.Add(declaration.MetadataName);
            hintName.Add(declaration.Name + string.Concat(declaration.TypeParameters.Select(static t => "_" + t.Name)));
        }

        return new ContainingTypeModel(
            ns,
            declarations.ToEquatableArray(),
            (ns is null ? string.Empty : ns + ".") + string.Join("+", fullName),
            string.Join(".", hintName));
    }

    private static string Keywords(INamedTypeSymbol type)
    {
        string keyword = type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        string modifiers = string.Empty;
        if (type.IsStatic)
        {
            modifiers += "static ";
        }

        if (type.TypeKind == TypeKind.Struct && type.IsReadOnly)
        {
            modifiers += "readonly ";
        }

        if (type.IsRefLikeType)
        {
            modifiers += "ref ";
        }

        return modifiers + "partial " + keyword;
    }

    /// <summary>Every part of a variant interface repeats its type parameters' variance (CS1067 otherwise).</summary>
    private static string Variance(ITypeParameterSymbol typeParameter) => typeParameter.Variance switch
    {
        VarianceKind.Out => "out ",
        VarianceKind.In => "in ",
        _ => string.Empty,
    };

    private static string? ConstraintClause(ITypeParameterSymbol typeParameter)
    {
        List<string> constraints = new();
        if (typeParameter.HasReferenceTypeConstraint)
        {
            constraints.Add(typeParameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        }
        else if (typeParameter.HasUnmanagedTypeConstraint)
        {
            constraints.Add("unmanaged");
        }
        else if (typeParameter.HasValueTypeConstraint)
        {
            constraints.Add("struct");
        }
        else if (typeParameter.HasNotNullConstraint)
        {
            constraints.Add("notnull");
        }

        foreach (ITypeSymbol constraint in typeParameter.ConstraintTypes)
        {
            constraints.Add(constraint.ToDisplayString(s_typeFormat));
        }

        if (typeParameter.HasConstructorConstraint)
        {
            constraints.Add("new()");
        }

        if (typeParameter.AllowsRefLikeType)
        {
            constraints.Add("allows ref struct");
        }

        return constraints.Count == 0 ? null : "where " + Escape(typeParameter.Name) + " : " + string.Join(", ", constraints);
    }

    private static EntityIdSource? EntityId(MethodInspection inspection)
    {
        if (inspection.Kind == SpanKind.Child || inspection.ResourceNameParameter is not { } parameter || inspection.ResourceNameValueType is not { } valueType)
        {
            return null;
        }

        return new EntityIdSource(
            Escape(parameter.Name),
            inspection.ResourceNameMember is { } member ? Escape(member) : null,
            inspection.ResourceNameInterface?.ToDisplayString(s_typeFormat),
            CanBeNull(parameter),
            EntityIdFormatOf(UnderlyingType(valueType)),
            inspection.ResourceNameMember is null ? CanBeNull(parameter) : CanBeNull(valueType));
    }

    /// <summary>
    /// How an entity id becomes text: as the runtime formats every value it stringifies (invariant culture, round-trip
    /// <c>"O"</c> dates, lower-case booleans), so that the same id is the same text however it reaches the herald.
    /// </summary>
    private static EntityIdFormat EntityIdFormatOf(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return EntityIdFormat.String;
        }

        if (type.SpecialType == SpecialType.System_Boolean)
        {
            return EntityIdFormat.Boolean;
        }

        if (type.SpecialType == SpecialType.System_DateTime || type.ToDisplayString() == "System.DateTimeOffset")
        {
            return EntityIdFormat.RoundTrip;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return EntityIdFormat.Text;
        }

        if (type.TypeKind is TypeKind.TypeParameter or TypeKind.Interface || type.SpecialType == SpecialType.System_Object)
        {
            // The value's own type is known only at run time: the runtime formats it.
            return EntityIdFormat.Runtime;
        }

        // The runtime's FormatInvariant is constrained to IFormattable, so that a value type is formatted without boxing.
        return IsFormattable(type) ? EntityIdFormat.Invariant : EntityIdFormat.Text;
    }

    private static ParentsSource? Parents(MethodInspection inspection)
    {
        if (inspection.Kind != SpanKind.Create || inspection.ParentsParameter is not { } parameter || inspection.ParentsValueType is not { } valueType)
        {
            return null;
        }

        bool isSingle = valueType.SpecialType == SpecialType.System_String;
        return new ParentsSource(
            Escape(parameter.Name),
            inspection.ParentsMember is { } member ? Escape(member) : null,
            inspection.ParentsInterface?.ToDisplayString(s_typeFormat),
            CanBeNull(parameter),
            isSingle,
            !isSingle && IsReplaceableSequence(inspection) ? parameter.Type.ToDisplayString(s_typeFormat) : null);
    }

    /// <summary>
    /// Whether Core can be given the parent ids read for the span instead of the caller's sequence: the parameter itself
    /// holds them, is passed by value, and is declared <c>IEnumerable&lt;string&gt;</c>, so any sequence may stand in for
    /// it. (A collection type, a type parameter or a member of a parameter keeps the caller's value.)
    /// </summary>
    private static bool IsReplaceableSequence(MethodInspection inspection) =>
        inspection.ParentsMember is null
        && inspection.ParentsParameter is { RefKind: RefKind.None } parameter
        && parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } sequence
        && sequence.TypeArguments[0].SpecialType == SpecialType.System_String;

    private static SpanAttributeModel SpanAttribute(string parameter, string key, ITypeSymbol type, bool isOut)
    {
        ITypeSymbol underlying = UnderlyingType(type);
        bool isNullable = !SymbolEqualityComparer.Default.Equals(underlying, type);
        AttributeFormat format = underlying.SpecialType switch
        {
            SpecialType.System_String => AttributeFormat.String,
            SpecialType.System_Boolean => AttributeFormat.Boolean,
            SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_IntPtr => AttributeFormat.Integer,
            SpecialType.System_Double => AttributeFormat.Double,
            SpecialType.System_Char => AttributeFormat.Text,
            SpecialType.System_DateTime => AttributeFormat.RoundTrip,
            _ when underlying.TypeKind == TypeKind.Enum => AttributeFormat.Text,
            _ when underlying.ToDisplayString() == "System.DateTimeOffset" => AttributeFormat.RoundTrip,
            _ when underlying.IsValueType && underlying.TypeKind != TypeKind.TypeParameter && IsFormattable(underlying) => AttributeFormat.Invariant,
            _ => AttributeFormat.Object,
        };
        return new SpanAttributeModel(parameter, key, format, isNullable, isOut);
    }

    private static ITypeSymbol UnderlyingType(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    /// <summary>
    /// Whether a parameter is tested for null before its member is read. A parameter declared non-nullable is
    /// trusted, as in hand-written code: a null test would make the compiler warn that it may be null when it
    /// is then passed on to Core.
    /// </summary>
    private static bool CanBeNull(IParameterSymbol parameter) => parameter.Type.IsValueType
        ? CanBeNull(parameter.Type)
        : parameter.NullableAnnotation != NullableAnnotation.NotAnnotated;

    private static bool CanBeNull(ITypeSymbol type) => !type.IsValueType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    /// <summary>Whether the type implements <c>System.IFormattable</c> (it is culture-aware).</summary>
    private static bool IsFormattable(ITypeSymbol type) =>
        type.TypeKind is not (TypeKind.Enum or TypeKind.TypeParameter or TypeKind.Interface)
        && type.AllInterfaces.Any(static i => i is { Name: "IFormattable", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

    private static ParameterRefKind PassedAs(RefKind kind) => kind switch
    {
        RefKind.Ref => ParameterRefKind.Ref,
        RefKind.Out => ParameterRefKind.Out,
        RefKind.In or RefKind.RefReadOnlyParameter => ParameterRefKind.In,
        _ => ParameterRefKind.None,
    };

    private static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
