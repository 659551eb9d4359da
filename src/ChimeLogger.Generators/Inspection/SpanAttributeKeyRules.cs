using ChimeLogger.Contract;
using ChimeLogger.Generators.Diagnostics;

namespace ChimeLogger.Generators.Inspection;

/// <summary>
/// The rules of a <c>[SpanAttribute]</c> parameter: a type that can be recorded on a span (CHIME016), and a key that is not
/// empty, not one ChimeLogger writes itself for the herald, and not used twice on the method (CHIME019).
/// </summary>
internal static class SpanAttributeKeyRules
{
    public static void Inspect(MethodInspection inspection, IParameterSymbol parameter, AttributeData attribute, CancellationToken cancellationToken)
    {
        if (parameter.Type.IsRefLikeType || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            inspection.Report(DiagnosticDescriptors.UnrecordableSpanAttribute, SymbolFacts.ParameterLocation(parameter), "SpanAttribute", parameter.Name, parameter.Type.ToDisplayString(), "recorded on a span; record a value derived from it in Core with HelixToken.SetAttribute");
            return;
        }

        bool keyGiven = attribute.ConstructorArguments.Length == 1 && !attribute.ConstructorArguments[0].IsNull;
        string? given = keyGiven ? attribute.ConstructorArguments[0].Value as string : null;
        string key = given ?? parameter.Name;
        Location location = SymbolFacts.ArgumentLocation(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax, 0) ?? SymbolFacts.ParameterLocation(parameter);
        if (keyGiven && string.IsNullOrWhiteSpace(given))
        {
            inspection.Report(DiagnosticDescriptors.InvalidSpanAttributeKey, location, parameter.Name, "has an empty key; give a key such as 'helix.chime.snr', or none to use the parameter name");
            return;
        }

        // The contract keys ChimeLogger writes itself (docs/helix-contract.md §1): a span attribute with one of these keys
        // would overwrite what the herald reads to build the entity, so it is refused at compile time.
        if (Array.IndexOf(SpanKeys.Reserved, key) >= 0)
        {
            inspection.Report(DiagnosticDescriptors.InvalidSpanAttributeKey, location, parameter.Name, $"uses the key '{key}', which ChimeLogger writes itself for the herald; choose another key");
            return;
        }

        foreach ((IParameterSymbol other, string otherKey) in inspection.SpanAttributes)
        {
            if (string.Equals(otherKey, key, StringComparison.Ordinal))
            {
                inspection.Report(DiagnosticDescriptors.InvalidSpanAttributeKey, location, parameter.Name, $"uses the key '{key}' that parameter '{other.Name}' already records; give each span attribute its own key");
                return;
            }
        }

        inspection.SpanAttributes.Add((parameter, key));
    }
}
