using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace ChimeLogger.CodeFixes;

/// <summary>Writes the <c>{Name}Core</c> declaration that matches an instrumented method, as the generated code calls it.</summary>
internal static class CoreDeclaration
{
    /// <summary>
    /// A <c>private</c> method named <c>{Name}Core</c> with the method's return type, type parameters, constraints and
    /// parameters (same types and <c>ref</c> kinds; no attributes, defaults, <c>this</c> or <c>params</c>), and, when
    /// <paramref name="withToken"/>, a last <c>HelixToken</c> parameter. The caller adds the body.
    /// </summary>
    public static MethodDeclarationSyntax For(MethodDeclarationSyntax method, bool withToken)
    {
        SyntaxTokenList modifiers = SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword));
        foreach (SyntaxKind kept in new[] { SyntaxKind.StaticKeyword, SyntaxKind.UnsafeKeyword, SyntaxKind.AsyncKeyword })
        {
            if (method.Modifiers.Any(kept))
            {
                modifiers = modifiers.Add(SyntaxFactory.Token(kept));
            }
        }

        ParameterListSyntax parameters = SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(method.ParameterList.Parameters.Select(Plain)));
        if (withToken)
        {
            parameters = parameters.AddParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier(TokenName(method)))
                .WithType(SyntaxFactory.ParseTypeName("global::ChimeLogger.HelixToken").WithAdditionalAnnotations(Simplifier.Annotation)));
        }

        return SyntaxFactory.MethodDeclaration(method.ReturnType.WithoutTrivia(), SyntaxFactory.Identifier(method.Identifier.ValueText + "Core"))
            .WithModifiers(modifiers)
            .WithTypeParameterList(method.TypeParameterList?.WithoutTrivia())
            .WithParameterList(parameters)
            .WithConstraintClauses(SyntaxFactory.List(method.ConstraintClauses.Select(static c => c.WithoutTrivia())))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Whether the type already declares a method named <c>{Name}Core</c> with the same number of parameters (or one more).</summary>
    public static bool Exists(MethodDeclarationSyntax method) =>
        method.Parent is TypeDeclarationSyntax type
        && type.Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.ValueText == method.Identifier.ValueText + "Core"
            && m.ParameterList.Parameters.Count - method.ParameterList.Parameters.Count is 0 or 1);

    private static ParameterSyntax Plain(ParameterSyntax parameter) => parameter
        .WithAttributeLists(default)
        .WithDefault(null)
        .WithModifiers(SyntaxFactory.TokenList(parameter.Modifiers.Where(static m => !m.IsKind(SyntaxKind.ThisKeyword) && !m.IsKind(SyntaxKind.ParamsKeyword))))
        .WithoutTrivia();

    private static string TokenName(MethodDeclarationSyntax method)
    {
        string name = "token";
        for (int i = 2; method.ParameterList.Parameters.Any(p => p.Identifier.ValueText == name); i++)
        {
            name = "token" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }
}
