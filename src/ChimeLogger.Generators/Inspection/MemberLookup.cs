namespace ChimeLogger.Generators.Inspection;

/// <summary>What a lookup of the member named by <c>[ResourceName("X")]</c> or <c>[Parents("X")]</c> found.</summary>
internal enum MemberLookupOutcome
{
    /// <summary>A readable, accessible member: generated code can read it.</summary>
    Found,

    /// <summary>No readable instance property or field of that name.</summary>
    Missing,

    /// <summary>A readable member exists but the compiler would not let the instrumented method's type read it.</summary>
    Inaccessible,
}

/// <summary>The result of <see cref="MemberLookup.Find"/>.</summary>
/// <param name="Outcome">What was found.</param>
/// <param name="Type">The member's type when <see cref="Outcome"/> is <see cref="MemberLookupOutcome.Found"/>.</param>
/// <param name="ThroughInterface">
/// The interface to cast the value to before reading the member, when the type implements it only explicitly
/// (<c>string IHasId.Id =&gt; ...</c>): then <c>value.Id</c> does not compile and <c>((IHasId)value).Id</c> does.
/// </param>
/// <param name="Member">The member found, accessible or not.</param>
internal readonly record struct MemberLookupResult(MemberLookupOutcome Outcome, ITypeSymbol? Type, INamedTypeSymbol? ThroughInterface, ISymbol? Member);

/// <summary>
/// Finds a readable instance property or field the way the compiler's member lookup does for <c>value.Name</c>, and
/// judges its accessibility as the compiler does: from the instrumented method's type, through the value's type (so
/// that a <c>protected</c> member of a base class is not readable through a base-typed value, CS1540).
/// </summary>
internal static class MemberLookup
{
    public static MemberLookupResult Find(ITypeSymbol type, string name, INamedTypeSymbol within, Compilation compilation)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        ISymbol? inaccessible = null;

        // Members reachable as value.Name: the type and its base types; for an interface or a type parameter also the
        // interfaces it extends or is constrained to.
        foreach (ITypeSymbol candidate in DirectlyReachable(type))
        {
            foreach (ISymbol member in candidate.GetMembers(name))
            {
                (ISymbol Accessor, ITypeSymbol Type)? found = Readable(member);
                if (found is null)
                {
                    continue;
                }

                (ISymbol Accessor, ITypeSymbol Type) readable = found.Value;

                if (Accessible(readable.Accessor, within, type, compilation))
                {
                    return new MemberLookupResult(MemberLookupOutcome.Found, readable.Type, null, member);
                }

                inaccessible ??= member;
            }
        }

        // Interface members a class or struct implements explicitly: readable through a cast to the interface.
        if (type.TypeKind is TypeKind.Class or TypeKind.Struct)
        {
            foreach (INamedTypeSymbol contract in type.AllInterfaces)
            {
                foreach (ISymbol member in contract.GetMembers(name))
                {
                    (ISymbol Accessor, ITypeSymbol Type)? found = Readable(member);
                    if (found is null)
                    {
                        continue;
                    }

                    (ISymbol Accessor, ITypeSymbol Type) readable = found.Value;

                    if (Accessible(readable.Accessor, within, contract, compilation) && compilation.IsSymbolAccessibleWithin(contract, within))
                    {
                        return new MemberLookupResult(MemberLookupOutcome.Found, readable.Type, contract, member);
                    }

                    inaccessible ??= member;
                }
            }
        }

        return inaccessible is null
            ? new MemberLookupResult(MemberLookupOutcome.Missing, null, null, null)
            : new MemberLookupResult(MemberLookupOutcome.Inaccessible, null, null, inaccessible);
    }

    /// <summary>Why the member cannot be read, for a diagnostic message.</summary>
    public static string Describe(MemberLookupResult result, ITypeSymbol type, string name, INamedTypeSymbol within)
    {
        string typeName = type.ToDisplayString();
        if (result.Outcome == MemberLookupOutcome.Inaccessible && result.Member is { } member)
        {
            ISymbol accessor = member is IPropertySymbol { GetMethod: { } getter } ? getter : member;
            string accessibility = AccessibilityText(accessor.DeclaredAccessibility);
            string owner = member.ContainingType.ToDisplayString();
            if (member.ContainingType.TypeKind == TypeKind.Interface && accessor.DeclaredAccessibility == Accessibility.Public)
            {
                // Found only as an explicit implementation, through an interface the method cannot see.
                return $"'{typeName}' implements '{name}' explicitly for the interface '{owner}', which cannot be seen from '{within.ToDisplayString()}'";
            }

            string why = accessor.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedOrInternal or Accessibility.ProtectedAndInternal
                ? $"; a protected member is readable only through a value of type '{within.ToDisplayString()}' or a type derived from it"
                : string.Empty;
            return $"'{owner}.{name}' exists but is {accessibility} and cannot be read from '{within.ToDisplayString()}' through a value of type '{typeName}'{why}";
        }

        return $"type '{typeName}' has no readable property or field named '{name}'";
    }

    private static bool Accessible(ISymbol accessor, INamedTypeSymbol within, ITypeSymbol throughType, Compilation compilation) =>
        compilation.IsSymbolAccessibleWithin(accessor, within, throughType);

    private static (ISymbol Accessor, ITypeSymbol Type)? Readable(ISymbol member) => member switch
    {
        IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: { } getter } property => (getter, property.Type),
        IFieldSymbol { IsStatic: false } field => (field, field.Type),
        _ => null,
    };

    private static IEnumerable<ITypeSymbol> DirectlyReachable(ITypeSymbol type)
    {
        if (type is ITypeParameterSymbol typeParameter)
        {
            foreach (ITypeSymbol constraint in typeParameter.ConstraintTypes)
            {
                foreach (ITypeSymbol inherited in DirectlyReachable(constraint))
                {
                    yield return inherited;
                }
            }

            yield break;
        }

        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (INamedTypeSymbol contract in type.AllInterfaces)
            {
                yield return contract;
            }
        }
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.Internal => "internal",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "not accessible",
    };
}
