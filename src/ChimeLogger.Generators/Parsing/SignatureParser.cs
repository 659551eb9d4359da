using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Parsing;

/// <summary>
/// The partial declaration as the implementing part must repeat it (<see cref="MethodSignature"/>): its modifiers as
/// written, return type, type parameters and their constraints, parameters and how each is passed on to Core.
/// </summary>
internal static class SignatureParser
{
    public static MethodSignature Parse(IMethodSymbol method, MethodDeclarationSyntax syntax) => new(
        string.Join(" ", syntax.Modifiers.Select(static m => m.Text)),
        ReturnTypeText(method),
        CSharpNames.Escape(method.Name),
        method.TypeParameters.Select(static t => CSharpNames.Escape(t.Name)).ToEquatableArray(),
        method.TypeParameters.Select(ConstraintClause).Where(static c => c is not null).Select(static c => c!).ToEquatableArray(),
        Parameters(method, syntax),
        UsesPointers(method));

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

        string type = CSharpNames.Qualified(method.ReturnType);
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
                CSharpNames.Escape(parameter.Name),
                CSharpNames.Qualified(parameter.Type),
                declarationModifiers,
                PassedAs(parameter.RefKind)));
        }

        return parameters.ToEquatableArray();
    }

    private static ParameterRefKind PassedAs(RefKind kind) => kind switch
    {
        RefKind.Ref => ParameterRefKind.Ref,
        RefKind.Out => ParameterRefKind.Out,
        RefKind.In or RefKind.RefReadOnlyParameter => ParameterRefKind.In,
        _ => ParameterRefKind.None,
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
            constraints.Add(CSharpNames.Qualified(constraint));
        }

        if (typeParameter.HasConstructorConstraint)
        {
            constraints.Add("new()");
        }

        if (typeParameter.AllowsRefLikeType)
        {
            constraints.Add("allows ref struct");
        }

        return constraints.Count == 0 ? null : "where " + CSharpNames.Escape(typeParameter.Name) + " : " + string.Join(", ", constraints);
    }
}
