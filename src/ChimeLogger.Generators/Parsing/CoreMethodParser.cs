using ChimeLogger.Generators.Inspection;
using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Parsing;

/// <summary>
/// How the wrapper calls <c>{Name}Core</c> (<see cref="CoreMethod"/>): through <c>this</c> or the type that declares a
/// static Core, with the method's type arguments, with or without the span's <c>HelixToken</c>, and whether the call must
/// be kept clear of obsolete warnings. A missing Core is called as the expected one would be.
/// </summary>
internal static class CoreMethodParser
{
    public static CoreMethod Parse(IMethodSymbol method, MethodInspection inspection) => inspection.Core is { } core
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
            : "<" + string.Join(", ", method.TypeParameters.Select(static t => CSharpNames.Escape(t.Name))) + ">";
        return (staticType is not null ? CSharpNames.Qualified(staticType) : "this") + "." + CSharpNames.Escape(coreName) + typeArguments;
    }

    private static bool IsObsolete(IMethodSymbol core) =>
        core.GetAttributes().Any(static a => a.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });
}
