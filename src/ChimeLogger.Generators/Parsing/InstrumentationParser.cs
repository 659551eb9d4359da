using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ChimeLogger.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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

    private const string SequenceOfStrings = "global::System.Collections.Generic.IEnumerable<string>";

    /// <summary>
    /// The model of the method <paramref name="context"/> points at, or <see langword="null"/> when there is
    /// nothing to generate: the analyzer reports why.
    /// </summary>
    public static InstrumentedMethod? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
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

        if (inspection.HasErrors || inspection.Core is null || inspection.SpanName is null)
        {
            return CanHoldImplementation(method, cancellationToken) ? NotInstrumented(method, syntax, errors) : null;
        }

        string coreName = Escape(method.Name + "Core");
        string typeArguments = method.TypeParameters.Length == 0
            ? string.Empty
            : "<" + string.Join(", ", method.TypeParameters.Select(static t => Escape(t.Name))) + ">";
        string coreCall = (inspection.Core.IsStatic ? method.ContainingType.ToDisplayString(s_typeFormat) : "this") + "." + coreName + typeArguments;

        return new InstrumentedMethod(
            ContainingType(method.ContainingType),
            inspection.Kind,
            inspection.SpanName,
            inspection.ResourceType,
            string.Join(" ", syntax.Modifiers.Select(static m => m.Text)),
            ReturnTypeText(method),
            inspection.Shape,
            Escape(method.Name),
            coreCall,
            inspection.CoreTakesToken,
            method.TypeParameters.Select(static t => Escape(t.Name)).ToEquatableArray(),
            method.TypeParameters.Select(ConstraintClause).Where(static c => c is not null).Select(static c => c!).ToEquatableArray(),
            Parameters(method, syntax, inspection.SpanAttributes),
            EntityId(inspection),
            Parents(inspection),
            inspection.CancellationTokenParameter is { } token ? Escape(token.Name) : null,
            NotInstrumentedBecause: null)
        {
            UsesPointers = UsesPointers(method),
        };
    }

    /// <summary>
    /// Whether an implementing part can be added: the method is a partial definition that has none yet and every
    /// containing type is partial. Then a method with errors still gets a body (one that throws), so that the
    /// compiler's "partial method must have an implementation" error (CS8795, reported before analyzers run)
    /// does not hide the ChimeLogger diagnostic that explains the problem.
    /// </summary>
    private static bool CanHoldImplementation(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (!method.IsPartialDefinition || method.PartialImplementationPart is not null)
        {
            return false;
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static InstrumentedMethod NotInstrumented(IMethodSymbol method, MethodDeclarationSyntax syntax, List<string> errors)
    {
        errors.Sort(StringComparer.Ordinal);
        return new InstrumentedMethod(
            ContainingType(method.ContainingType),
            SpanKind.Child,
            string.Empty,
            null,
            string.Join(" ", syntax.Modifiers.Select(static m => m.Text)),
            ReturnTypeText(method),
            ReturnShape.Value,
            Escape(method.Name),
            string.Empty,
            false,
            method.TypeParameters.Select(static t => Escape(t.Name)).ToEquatableArray(),
            method.TypeParameters.Select(ConstraintClause).Where(static c => c is not null).Select(static c => c!).ToEquatableArray(),
            Parameters(method, syntax, spanAttributes: null),
            null,
            null,
            null,
            errors.Count == 0 ? "an error" : string.Join(", ", errors))
        {
            UsesPointers = UsesPointers(method),
        };
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

    private static EquatableArray<ParameterModel> Parameters(IMethodSymbol method, MethodDeclarationSyntax syntax, List<(IParameterSymbol Parameter, string Key)>? spanAttributes)
    {
        List<ParameterModel> parameters = new(method.Parameters.Length);
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            string declarationModifiers = i < syntax.ParameterList.Parameters.Count
                ? string.Join(" ", syntax.ParameterList.Parameters[i].Modifiers.Select(static m => m.Text))
                : string.Empty;
            SpanAttributeModel? attribute = null;
            foreach ((IParameterSymbol Parameter, string Key) entry in spanAttributes ?? new())
            {
                if (SymbolEqualityComparer.Default.Equals(entry.Parameter, parameter))
                {
                    attribute = SpanAttribute(entry.Key, parameter.Type);
                }
            }

            parameters.Add(new ParameterModel(
                Escape(parameter.Name),
                parameter.Type.ToDisplayString(s_typeFormat),
                declarationModifiers,
                ArgumentModifier(parameter.RefKind),
                attribute));
        }

        return parameters.ToEquatableArray();
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
                : "<" + string.Join(", ", declaration.TypeParameters.Select(static t => Escape(t.Name))) + ">";
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

    private static ValueSource? EntityId(MethodInspection inspection)
    {
        if (inspection.Kind == SpanKind.Child || inspection.ResourceNameParameter is not { } parameter || inspection.ResourceNameValueType is not { } valueType)
        {
            return null;
        }

        ITypeSymbol underlying = UnderlyingType(valueType);
        EntityIdFormat format = underlying.SpecialType == SpecialType.System_String
            ? EntityIdFormat.String
            : underlying is ITypeParameterSymbol { IsValueType: false, IsReferenceType: false } ? EntityIdFormat.Converted
            : HasInvariantToString(underlying) ? EntityIdFormat.Invariant : EntityIdFormat.Text;
        return new ValueSource(
            Escape(parameter.Name),
            inspection.ResourceNameMember is { } member ? Escape(member) : null,
            CanBeNull(parameter),
            format,
            inspection.ResourceNameMember is null ? CanBeNull(parameter) : CanBeNull(valueType));
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
            CanBeNull(parameter),
            isSingle,
            !isSingle && (valueType.IsValueType || HasNullableElements(valueType)) ? SequenceOfStrings : null);
    }

    /// <summary>
    /// Whether the sequence is of <c>string?</c>: it is cast to <c>IEnumerable&lt;string&gt;</c> for the runtime, which
    /// leaves out null and empty ids with a warning, rather than having the compiler warn on generated code.
    /// </summary>
    private static bool HasNullableElements(ITypeSymbol sequence)
    {
        foreach (ITypeSymbol candidate in sequence.AllInterfaces.Cast<ITypeSymbol>().Prepend(sequence))
        {
            if (candidate is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } enumerable
                && enumerable.TypeArguments[0].SpecialType == SpecialType.System_String)
            {
                return enumerable.TypeArguments[0].NullableAnnotation == NullableAnnotation.Annotated;
            }
        }

        return false;
    }

    private static SpanAttributeModel SpanAttribute(string key, ITypeSymbol type)
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
            _ when underlying.IsValueType && underlying.TypeKind != TypeKind.TypeParameter && HasInvariantToString(underlying) => AttributeFormat.Invariant,
            _ => AttributeFormat.Object,
        };
        return new SpanAttributeModel(key, format, isNullable);
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

    /// <summary>Whether the type has a public, non-obsolete <c>ToString(string?, IFormatProvider?)</c> (it is culture-aware).</summary>
    private static bool HasInvariantToString(ITypeSymbol type)
    {
        if (type.TypeKind is TypeKind.Enum or TypeKind.TypeParameter or TypeKind.Interface)
        {
            return false;
        }

        for (ITypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers("ToString"))
            {
                if (member is IMethodSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public, Parameters.Length: 2 } method
                    && method.Parameters[0].Type.SpecialType == SpecialType.System_String
                    && method.Parameters[1].Type is INamedTypeSymbol { Name: "IFormatProvider", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                    && !method.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == "System.ObsoleteAttribute"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string ArgumentModifier(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In or RefKind.RefReadOnlyParameter => "in ",
        _ => string.Empty,
    };

    private static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
