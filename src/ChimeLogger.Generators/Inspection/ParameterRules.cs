using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Inspection;

/// <summary>
/// The rules of an instrumented method's parameters: the one that holds the entity id (<c>[ResourceName]</c>: CHIME004 to
/// CHIME007, CHIME015, CHIME016), the one that holds the parents (<c>[Parents]</c>: CHIME007 to CHIME009, CHIME017), neither
/// on a <c>[ChildSpan]</c> method (CHIME018), and which <c>CancellationToken</c> is the caller's. <c>[SpanAttribute]</c>
/// parameters are judged by <see cref="SpanAttributeKeyRules"/>.
/// </summary>
internal static class ParameterRules
{
    public static void Inspect(MethodInspection inspection, KnownSymbols known, CancellationToken cancellationToken)
    {
        IMethodSymbol method = inspection.Method;
        bool hasResourceNameAttribute = false;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (inspection.CancellationTokenParameter is null
                && parameter.RefKind == RefKind.None
                && KnownSymbols.Is(parameter.Type, known.CancellationToken))
            {
                inspection.CancellationTokenParameter = parameter;
            }

            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                bool isResourceName = KnownSymbols.Is(attribute.AttributeClass, known.ResourceNameAttribute);
                bool isParents = KnownSymbols.Is(attribute.AttributeClass, known.ParentsAttribute);
                if (inspection.Kind == SpanKind.Child && (isResourceName || isParents))
                {
                    string name = isResourceName ? "ResourceName" : "Parents";
                    inspection.Report(DiagnosticDescriptors.EntityAttributeOnChildSpan, SymbolFacts.ParameterLocation(parameter), name, parameter.Name, method.Name);
                }
                else if (isResourceName)
                {
                    hasResourceNameAttribute = true;
                    InspectResourceName(inspection, parameter, attribute, known, cancellationToken);
                }
                else if (isParents)
                {
                    InspectParents(inspection, parameter, attribute, known, cancellationToken);
                }
                else if (KnownSymbols.Is(attribute.AttributeClass, known.SpanAttributeAttribute))
                {
                    SpanAttributeKeyRules.Inspect(inspection, parameter, attribute, cancellationToken);
                }
            }
        }

        if (!hasResourceNameAttribute)
        {
            if (inspection.Kind == SpanKind.Create)
            {
                inspection.Report(DiagnosticDescriptors.CreateWithoutResourceName, SymbolFacts.MethodLocation(method), method.Name);
            }
            else if (inspection.Kind == SpanKind.Operate)
            {
                inspection.Report(DiagnosticDescriptors.OperateWithoutResourceName, SymbolFacts.MethodLocation(method), method.Name);
            }
        }
    }

    private static void InspectResourceName(MethodInspection inspection, IParameterSymbol parameter, AttributeData attribute, KnownSymbols known, CancellationToken cancellationToken)
    {
        if (IsSecondOrOut(inspection, parameter, inspection.ResourceName, DiagnosticDescriptors.MultipleResourceNames, "ResourceName"))
        {
            return;
        }

        AttributedValue? value = ValueOf(inspection, parameter, attribute, known, cancellationToken, out Unreadable unreadable);
        if (value is null)
        {
            inspection.Report(DiagnosticDescriptors.UnknownResourceNameMember, unreadable.Location, unreadable.Member, parameter.Name, unreadable.Reason);
            return;
        }

        if (value.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            inspection.Report(DiagnosticDescriptors.UnrecordableSpanAttribute, SymbolFacts.ParameterLocation(parameter), "ResourceName", parameter.Name, value.Type.ToDisplayString(), "an entity id; pass the id as a string (or a value that formats as one), or set it in Core with HelixToken.SetEntityId");
            return;
        }

        inspection.ResourceName = value;
    }

    private static void InspectParents(MethodInspection inspection, IParameterSymbol parameter, AttributeData attribute, KnownSymbols known, CancellationToken cancellationToken)
    {
        if (inspection.Kind == SpanKind.Operate)
        {
            inspection.Report(DiagnosticDescriptors.ParentsOnOperate, SymbolFacts.ParameterLocation(parameter), parameter.Name, inspection.Method.Name);
            return;
        }

        if (IsSecondOrOut(inspection, parameter, inspection.Parents, DiagnosticDescriptors.MultipleParents, "Parents"))
        {
            return;
        }

        AttributedValue? value = ValueOf(inspection, parameter, attribute, known, cancellationToken, out Unreadable unreadable);
        if (value is null)
        {
            inspection.Report(DiagnosticDescriptors.InvalidParents, unreadable.Location, parameter.Name, $"names '{unreadable.Member}', which cannot be read: {unreadable.Reason}");
            return;
        }

        if (!SymbolFacts.IsParentsType(value.Type, known))
        {
            string what = value.Member is null ? $"is of type '{value.Type.ToDisplayString()}'" : $"names '{value.Member}' of type '{value.Type.ToDisplayString()}'";
            inspection.Report(DiagnosticDescriptors.InvalidParents, SymbolFacts.ParameterLocation(parameter), parameter.Name, what);
            return;
        }

        inspection.Parents = value;
    }

    /// <summary>
    /// Whether <paramref name="parameter"/> cannot hold what its <c>[ResourceName]</c> or <c>[Parents]</c> says (reported):
    /// another parameter already does (<paramref name="second"/>), or it is <c>out</c>, without a value when the span starts.
    /// </summary>
    private static bool IsSecondOrOut(MethodInspection inspection, IParameterSymbol parameter, AttributedValue? first, DiagnosticDescriptor second, string attributeName)
    {
        if (first is not null)
        {
            inspection.Report(second, SymbolFacts.ParameterLocation(parameter), inspection.Method.Name, first.Parameter.Name, parameter.Name);
            return true;
        }

        if (parameter.RefKind == RefKind.Out)
        {
            inspection.Report(DiagnosticDescriptors.OutParameter, SymbolFacts.ParameterLocation(parameter), parameter.Name, attributeName);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The value an attribute on <paramref name="parameter"/> points at: the parameter itself, or the readable member its
    /// argument names. <see langword="null"/> when that member cannot be read, with why and where to say so.
    /// </summary>
    private static AttributedValue? ValueOf(
        MethodInspection inspection, IParameterSymbol parameter, AttributeData attribute, KnownSymbols known, CancellationToken cancellationToken, out Unreadable unreadable)
    {
        string? member = SymbolFacts.MemberArgument(attribute);
        unreadable = default;
        if (member is null)
        {
            return new AttributedValue(parameter, Member: null, parameter.Type, Interface: null);
        }

        MemberLookupResult found = MemberLookup.Find(parameter.Type, member, inspection.Method.ContainingType, known.Compilation);
        if (found.Outcome != MemberLookupOutcome.Found || found.Type is null)
        {
            AttributeSyntax? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            unreadable = new Unreadable(
                member,
                MemberLookup.Describe(found, parameter.Type, member, inspection.Method.ContainingType),
                SymbolFacts.ArgumentLocation(syntax, 0) ?? SymbolFacts.ParameterLocation(parameter));
            return null;
        }

        return new AttributedValue(parameter, member, found.Type, found.ThroughInterface);
    }

    /// <summary>A member named by <c>[ResourceName("X")]</c> or <c>[Parents("X")]</c> that cannot be read: why, and where to say so.</summary>
    private readonly record struct Unreadable(string Member, string Reason, Location Location);
}
