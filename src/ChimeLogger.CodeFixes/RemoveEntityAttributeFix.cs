namespace ChimeLogger.CodeFixes;

/// <summary>
/// CHIME006, CHIME009, CHIME017 and CHIME018: removes the <c>[ResourceName]</c> or <c>[Parents]</c> that is one too
/// many (on a second parameter) or ignored (parents of an operation, either on a <c>[ChildSpan]</c> method) from the
/// parameter the diagnostic is on.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveEntityAttributeFix)), Shared]
public sealed class RemoveEntityAttributeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.MultipleResourceNames, DiagnosticIds.MultipleParents, DiagnosticIds.ParentsOnOperate, DiagnosticIds.EntityAttributeOnChildSpan);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.FindAsync<ParameterSyntax>().ConfigureAwait(false) is not ({ } root, { } parameter))
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            string[] names = diagnostic.Id switch
            {
                DiagnosticIds.MultipleResourceNames => new[] { "ResourceName" },
                DiagnosticIds.MultipleParents or DiagnosticIds.ParentsOnOperate => new[] { "Parents" },
                _ => new[] { "ResourceName", "Parents" },
            };
            AttributeSyntax[] attributes = parameter.AttributeLists.SelectMany(static l => l.Attributes).Where(a => names.Contains(SimpleName(a))).ToArray();
            if (attributes.Length == 0)
            {
                continue;
            }

            string title = $"Remove [{string.Join("], [", attributes.Select(SimpleName).Distinct())}] from '{parameter.Identifier.ValueText}'";
            context.RegisterEdit(title, nameof(RemoveEntityAttributeFix), () => Remove(root, parameter, attributes), diagnostic);
        }
    }

    private static SyntaxNode Remove(SyntaxNode root, ParameterSyntax parameter, AttributeSyntax[] attributes)
    {
        SyntaxList<AttributeListSyntax> lists = default;
        foreach (AttributeListSyntax list in parameter.AttributeLists)
        {
            SeparatedSyntaxList<AttributeSyntax> kept = SyntaxFactory.SeparatedList(list.Attributes.Where(a => !attributes.Contains(a)));
            if (kept.Count > 0)
            {
                lists = lists.Add(list.WithAttributes(kept));
            }
        }

        ParameterSyntax updated = parameter.WithAttributeLists(lists);
        if (lists.Count == 0)
        {
            // The parameter's first token lost its attribute list: keep the parameter's own leading trivia.
            updated = updated.WithLeadingTrivia(parameter.GetLeadingTrivia());
        }

        return root.ReplaceNode(parameter, updated);
    }

    private static string SimpleName(AttributeSyntax attribute)
    {
        string name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => attribute.Name.ToString(),
        };
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
}
