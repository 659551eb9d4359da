using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Emission;

/// <summary>
/// The expressions a wrapper is made of: the call to Core, the read of a value the span opens with, an entity id as the
/// text the herald stores, a span attribute value as the <c>SetAttribute</c> overload it goes to, a string literal.
/// </summary>
internal static class WrapperExpressions
{
    /// <summary>The call to Core with the method's arguments, and the span's token when Core takes one.</summary>
    public static string CoreCall(InstrumentedMethod method, string token, string? parentsForCore)
    {
        IEnumerable<string> arguments = method.Signature.Parameters.Select(p =>
            ArgumentModifier(p.RefKind) + (parentsForCore is not null && method.Span?.Parents is { } parents && p.Name == parents.Value.Parameter ? parentsForCore : p.Name));
        if (method.Core.TakesToken)
        {
            arguments = arguments.Concat(new[] { token });
        }

        return method.Core.Call + "(" + string.Join(", ", arguments) + ")";
    }

    /// <summary>The entity id as text, formatted as the runtime formats every value it stringifies.</summary>
    public static string EntityId(EntityIdSource source)
    {
        string expression = Read(source.Value);
        return source.Format switch
        {
            EntityIdFormat.String => expression,
            EntityIdFormat.Invariant => RuntimeNames.Values + ".FormatInvariant(" + expression + ")",
            EntityIdFormat.RoundTrip => RuntimeNames.Values + ".FormatRoundTrip(" + expression + ")",
            EntityIdFormat.Boolean => RuntimeNames.Values + ".FormatBoolean(" + expression + ")",
            EntityIdFormat.Runtime => RuntimeNames.Values + ".FormatEntityId(" + expression + ")",
            _ => expression + (source.ValueCanBeNull ? "?." : ".") + "ToString()",
        };
    }

    /// <summary>
    /// The parameter, or its member: <c>p.Member</c>, <c>p?.Member</c>, or through the interface the member is implemented
    /// for explicitly.
    /// </summary>
    public static string Read(ParameterValue value)
    {
        if (value.Member is not { } member)
        {
            return value.Parameter;
        }

        if (value.Interface is { } contract)
        {
            return value.ParameterCanBeNull
                ? "((" + contract + "?)" + value.Parameter + ")?." + member
                : "((" + contract + ")" + value.Parameter + ")." + member;
        }

        return value.Parameter + (value.ParameterCanBeNull ? "?." : ".") + member;
    }

    /// <summary>A span attribute value, as the <c>SetAttribute</c> overload or runtime formatter its type goes to.</summary>
    public static string AttributeValue(string value, AttributeFormat format) => format switch
    {
        AttributeFormat.Invariant => RuntimeNames.Values + ".FormatInvariant(" + value + ")",
        AttributeFormat.RoundTrip => RuntimeNames.Values + ".FormatRoundTrip(" + value + ")",
        AttributeFormat.Text => value + ".ToString()",
        AttributeFormat.Object => "(object?)" + value,
        _ => value,
    };

    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    private static string ArgumentModifier(ParameterRefKind kind) => kind switch
    {
        ParameterRefKind.Ref => "ref ",
        ParameterRefKind.In => "in ",
        ParameterRefKind.Out => "out ",
        _ => string.Empty,
    };
}
