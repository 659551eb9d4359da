using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Parsing;

/// <summary>
/// How each value the span records becomes what the herald stores, decided from its type: the same rules the runtime
/// applies to every value it stringifies (invariant culture, round-trip <c>"O"</c> dates, lower-case booleans), chosen
/// at compile time so that a value type is not boxed. Also whether a value can be <see langword="null"/>.
/// </summary>
internal static class ValueFormats
{
    /// <summary>How an entity id of this type becomes text, so that the same id is the same text however it reaches the herald.</summary>
    public static EntityIdFormat EntityIdFormatOf(ITypeSymbol type)
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

    /// <summary>Which <c>HelixToken.SetAttribute</c> overload, or which formatter, a span attribute of this type is recorded with.</summary>
    public static AttributeFormat AttributeFormatOf(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_String => AttributeFormat.String,
        SpecialType.System_Boolean => AttributeFormat.Boolean,
        SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_IntPtr => AttributeFormat.Integer,
        SpecialType.System_Double => AttributeFormat.Double,
        SpecialType.System_Char => AttributeFormat.Text,
        SpecialType.System_DateTime => AttributeFormat.RoundTrip,
        _ when type.TypeKind == TypeKind.Enum => AttributeFormat.Text,
        _ when type.ToDisplayString() == "System.DateTimeOffset" => AttributeFormat.RoundTrip,
        _ when type.IsValueType && type.TypeKind != TypeKind.TypeParameter && IsFormattable(type) => AttributeFormat.Invariant,
        _ => AttributeFormat.Object,
    };

    /// <summary>The <c>T</c> of a <c>Nullable&lt;T&gt;</c>; any other type itself.</summary>
    public static ITypeSymbol UnderlyingType(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    /// <summary>
    /// Whether a parameter is tested for null before its member is read. A parameter declared non-nullable is
    /// trusted, as in hand-written code: a null test would make the compiler warn that it may be null when it
    /// is then passed on to Core.
    /// </summary>
    public static bool CanBeNull(IParameterSymbol parameter) => parameter.Type.IsValueType
        ? CanBeNull(parameter.Type)
        : parameter.NullableAnnotation != NullableAnnotation.NotAnnotated;

    public static bool CanBeNull(ITypeSymbol type) => !type.IsValueType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    /// <summary>Whether the type implements <c>System.IFormattable</c> (it is culture-aware).</summary>
    private static bool IsFormattable(ITypeSymbol type) =>
        type.TypeKind is not (TypeKind.Enum or TypeKind.TypeParameter or TypeKind.Interface)
        && type.AllInterfaces.Any(static i => i is { Name: "IFormattable", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });
}
