using System.Collections.Immutable;
using System.Text;

namespace ChimeLogger.Generators.Inspection;

/// <summary>
/// Finds the <c>{Name}Core</c> method that holds an instrumented method's body: the same type parameters (with
/// constraints the wrapper guarantees), parameters and return type, and optionally a last <c>HelixToken</c>.
/// </summary>
internal static class CoreMethodMatcher
{
    /// <summary>The name Core must have.</summary>
    public static string CoreName(IMethodSymbol method) => method.Name + "Core";

    /// <summary>
    /// The Core of <paramref name="method"/>, looked up in the declaring type, then in its base classes (an inherited
    /// Core is called as <c>this.XCore(...)</c>); <see langword="null"/> when none matches, with the first near miss in
    /// <paramref name="mismatch"/> (an inaccessible Core, or one whose constraints differ).
    /// </summary>
    public static IMethodSymbol? Find(IMethodSymbol method, KnownSymbols known, out bool takesToken, out string? mismatch)
    {
        string coreName = CoreName(method);
        takesToken = false;
        mismatch = null;
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (IMethodSymbol candidate in type.GetMembers(coreName).OfType<IMethodSymbol>())
            {
                if (!SymbolEqualityComparer.Default.Equals(type, method.ContainingType)
                    && !known.Compilation.IsSymbolAccessibleWithin(candidate, method.ContainingType, candidate.IsStatic ? null : method.ContainingType))
                {
                    mismatch ??= $"'{coreName}' in '{type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' is not accessible from '{method.ContainingType.Name}'";
                    continue;
                }

                if (!Matches(method, candidate, known, out bool candidateTakesToken))
                {
                    continue;
                }

                string? constraint = UnsatisfiedConstraint(method, candidate, known.Compilation);
                if (constraint is not null)
                {
                    mismatch ??= constraint;
                    continue;
                }

                takesToken = candidateTakesToken;
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Why calling the generic Core with the wrapper's type parameters would not compile (CS0452, CS0453, CS0310,
    /// CS0311, CS0314, CS9244), or <see langword="null"/> when every constraint of Core is guaranteed by the wrapper's.
    /// </summary>
    private static string? UnsatisfiedConstraint(IMethodSymbol method, IMethodSymbol core, Compilation compilation)
    {
        if (core.TypeParameters.Length == 0)
        {
            return null;
        }

        for (int i = 0; i < core.TypeParameters.Length; i++)
        {
            ITypeParameterSymbol required = core.TypeParameters[i];
            ITypeParameterSymbol given = method.TypeParameters[i];
            string? missing = null;
            if (required.HasUnmanagedTypeConstraint && !given.HasUnmanagedTypeConstraint)
            {
                missing = "unmanaged";
            }
            else if (required.HasValueTypeConstraint && !given.IsValueType)
            {
                missing = "struct";
            }
            else if (required.HasReferenceTypeConstraint && !given.IsReferenceType)
            {
                missing = "class";
            }
            else if (required.HasNotNullConstraint && !(given.HasNotNullConstraint || given.IsValueType || (given.HasReferenceTypeConstraint && given.ReferenceTypeConstraintNullableAnnotation != NullableAnnotation.Annotated)))
            {
                missing = "notnull";
            }
            else if (required.HasConstructorConstraint && !given.HasConstructorConstraint && !given.HasValueTypeConstraint)
            {
                missing = "new()";
            }
            else if (given.AllowsRefLikeType && !required.AllowsRefLikeType)
            {
                missing = "no 'allows ref struct'";
            }
            else
            {
                foreach (ITypeSymbol constraint in required.ConstraintTypes.Select(c => Substitute(c, core.TypeParameters, method.TypeParameters)))
                {
                    Microsoft.CodeAnalysis.Operations.CommonConversion conversion = compilation.ClassifyCommonConversion(given, constraint);
                    if (!conversion.IsIdentity && !conversion.IsImplicit)
                    {
                        missing = constraint.ToDisplayString();
                        break;
                    }
                }
            }

            if (missing is not null)
            {
                return $"'{core.Name}' requires '{missing}' of type parameter '{required.Name}', which '{method.Name}' does not guarantee; give both the same constraints";
            }
        }

        return null;
    }

    /// <summary>A constraint of Core's type parameters written in the wrapper's type parameters.</summary>
    private static ITypeSymbol Substitute(ITypeSymbol type, ImmutableArray<ITypeParameterSymbol> from, ImmutableArray<ITypeParameterSymbol> to)
    {
        switch (type)
        {
            case ITypeParameterSymbol parameter when parameter.TypeParameterKind == TypeParameterKind.Method:
                int index = from.IndexOf(parameter, SymbolEqualityComparer.Default);
                return index >= 0 ? to[index] : type;
            case INamedTypeSymbol { IsGenericType: true } named:
                ITypeSymbol[] arguments = named.TypeArguments.Select(a => Substitute(a, from, to)).ToArray();
                return named.ConstructedFrom.Construct(arguments);
            default:
                return type;
        }
    }

    private static bool Matches(IMethodSymbol method, IMethodSymbol candidate, KnownSymbols known, out bool takesToken)
    {
        takesToken = false;
        if (candidate.TypeParameters.Length != method.TypeParameters.Length
            || (method.IsStatic && !candidate.IsStatic)
            || candidate.ReturnsByRef != method.ReturnsByRef
            || candidate.ReturnsByRefReadonly != method.ReturnsByRefReadonly)
        {
            return false;
        }

        IMethodSymbol core = candidate.IsGenericMethod
            ? candidate.Construct(method.TypeParameters.Cast<ITypeSymbol>().ToArray())
            : candidate;
        int count = method.Parameters.Length;
        if (core.Parameters.Length == count + 1)
        {
            IParameterSymbol last = core.Parameters[count];
            if (last.RefKind != RefKind.None || !KnownSymbols.Is(last.Type, known.HelixToken))
            {
                return false;
            }

            takesToken = true;
        }
        else if (core.Parameters.Length != count)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            IParameterSymbol expected = method.Parameters[i];
            IParameterSymbol actual = core.Parameters[i];
            if (!SymbolEqualityComparer.Default.Equals(expected.Type, actual.Type) || NormalizedRefKind(expected.RefKind) != NormalizedRefKind(actual.RefKind))
            {
                return false;
            }
        }

        return SymbolEqualityComparer.Default.Equals(method.ReturnType, core.ReturnType);
    }

    private static RefKind NormalizedRefKind(RefKind kind) => kind == RefKind.RefReadOnlyParameter ? RefKind.In : kind;

    public static string ExpectedSignature(IMethodSymbol method)
    {
        SymbolDisplayFormat format = SymbolDisplayFormat.MinimallyQualifiedFormat;
        StringBuilder text = new();
        if (method.IsStatic)
        {
            text.Append("static ");
        }

        text.Append(method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(format)).Append(' ').Append(method.Name).Append("Core");
        if (method.TypeParameters.Length > 0)
        {
            text.Append('<').Append(string.Join(", ", method.TypeParameters.Select(static t => t.Name))).Append('>');
        }

        text.Append('(');
        text.Append(string.Join(", ", method.Parameters.Select(p => RefPrefix(p.RefKind) + p.Type.ToDisplayString(format) + " " + p.Name)));
        text.Append(')');
        return text.ToString();
    }

    private static string RefPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => string.Empty,
    };
}
