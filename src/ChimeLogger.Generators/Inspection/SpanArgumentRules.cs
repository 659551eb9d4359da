using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Inspection;

/// <summary>
/// The arguments of the span attribute (<c>[Operate]</c>, <c>[Create]</c>, <c>[ChildSpan]</c>): the stage, operation or
/// span name, which must not be empty (CHIME010), and the <c>ResourceType</c> an <c>[Operate]</c> or <c>[Create]</c> should
/// give (CHIME011).
/// </summary>
internal static class SpanArgumentRules
{
    public static void Inspect(MethodInspection inspection, CancellationToken cancellationToken)
    {
        AttributeData attribute = inspection.SpanAttribute;
        IMethodSymbol method = inspection.Method;
        AttributeSyntax? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
        {
            // The compiler reports the malformed attribute itself.
            inspection.HasErrors = true;
            return;
        }

        string? name = attribute.ConstructorArguments[0].Value as string;
        if (string.IsNullOrWhiteSpace(name))
        {
            string what = inspection.Kind switch
            {
                SpanKind.Operate => "operation",
                SpanKind.Create => "stage",
                _ => "span",
            };
            inspection.Report(DiagnosticDescriptors.EmptySpanName, SymbolFacts.ArgumentLocation(syntax, 0) ?? syntax?.GetLocation(), what, inspection.AttributeName, method.Name);
        }

        inspection.SpanName = name;
        if (inspection.Kind == SpanKind.Child)
        {
            return;
        }

        TypedConstant? resourceType = null;
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "ResourceType")
            {
                resourceType = named.Value;
            }
        }

        string? resourceTypeValue = resourceType?.Value as string;
        if (string.IsNullOrWhiteSpace(resourceTypeValue))
        {
            Location? location = syntax?.ArgumentList?.Arguments
                .FirstOrDefault(static a => a.NameEquals?.Name.Identifier.ValueText == "ResourceType")?.Expression.GetLocation()
                ?? syntax?.GetLocation();
            inspection.Report(DiagnosticDescriptors.MissingResourceType, location, inspection.AttributeName, method.Name);
        }

        inspection.ResourceType = string.IsNullOrWhiteSpace(resourceTypeValue) ? null : resourceTypeValue;
    }
}
