namespace ChimeLogger.Generators.Diagnostics;

/// <summary>The descriptors of every ChimeLogger diagnostic; each sets a category and a help link.</summary>
internal static class DiagnosticDescriptors
{
    /// <summary>Where the docs pages live; each ID has <c>{ID}.md</c> there.</summary>
    public const string HelpLinkBase = "https://github.com/CHIMEFRB/ChimeLogger/blob/main/docs/diagnostics/";

    private const string Usage = "ChimeLogger.Usage";
    private const string Contract = "ChimeLogger.HelixContract";

    public static readonly DiagnosticDescriptor MethodNotPartial = Create(
        DiagnosticIds.MethodNotPartial,
        "Instrumented method must be a partial declaration without a body",
        "Method '{0}' has [{1}] but is not a partial declaration without a body; declare it as 'partial' without a body and put the body in '{0}Core'",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        DiagnosticIds.TypeNotPartial,
        "Type containing an instrumented method must be partial",
        "Type '{0}' contains the instrumented method '{1}' and must be declared 'partial'",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ConflictingSpanAttributes = Create(
        DiagnosticIds.ConflictingSpanAttributes,
        "A method can open only one span",
        "Method '{0}' has {1}; use only one of [Operate], [Create] and [ChildSpan]",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CreateWithoutResourceName = Create(
        DiagnosticIds.CreateWithoutResourceName,
        "A [Create] method needs a [ResourceName] parameter",
        "Method '{0}' creates an entity but has no [ResourceName] parameter; mark the parameter that holds the entity id",
        Contract,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OperateWithoutResourceName = Create(
        DiagnosticIds.OperateWithoutResourceName,
        "An [Operate] method has no [ResourceName] parameter",
        "Method '{0}' operates on an entity but has no [ResourceName] parameter; set the entity id in '{0}Core' with HelixToken.SetEntityId, or the operation is linked to no entity",
        Contract,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MultipleResourceNames = Create(
        DiagnosticIds.MultipleResourceNames,
        "Only one parameter can be the [ResourceName]",
        "Method '{0}' already has the [ResourceName] parameter '{1}'; remove [ResourceName] from '{2}'",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OutParameter = Create(
        DiagnosticIds.OutParameter,
        "[ResourceName] and [Parents] cannot be on an out parameter",
        "Parameter '{0}' is 'out', so it has no value when the span starts; [{1}] must be on a parameter the caller passes in",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidParents = Create(
        DiagnosticIds.InvalidParents,
        "[Parents] must be a string or a sequence of strings",
        "[Parents] on '{0}' {1}; it must be a string or a sequence of strings (IEnumerable<string>)",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ParentsOnOperate = Create(
        DiagnosticIds.ParentsOnOperate,
        "Operations have no parents",
        "[Parents] on '{0}' is ignored: '{1}' is an [Operate] method and operations have no parents; use [Create] to record provenance",
        Contract,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor EmptySpanName = Create(
        DiagnosticIds.EmptySpanName,
        "The span name must not be empty",
        "The {0} name of [{1}] on '{2}' is empty or whitespace; the herald needs a name for the span",
        Contract,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingResourceType = Create(
        DiagnosticIds.MissingResourceType,
        "ResourceType is missing",
        "[{0}] on '{1}' has no ResourceType; set ResourceType so the herald knows what kind of entity this is",
        Contract,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingCore = Create(
        DiagnosticIds.MissingCore,
        "No Core method with a matching signature",
        "No method '{0}' with a matching signature was found in '{1}' or its base classes{3}; expected '{2}', optionally with a last 'HelixToken' parameter",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        DiagnosticIds.UnsupportedReturnType,
        "The wrapper cannot follow this method to completion",
        "Method '{0}' {1}; instrumented methods return void, a value, Task, Task<T>, ValueTask or ValueTask<T>",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EventNameWithoutHelixPrefix = Create(
        DiagnosticIds.EventNameWithoutHelixPrefix,
        "Event name does not start with 'helix.'",
        "Event '{0}' does not start with 'helix.' and the herald drops it; name user events 'helix.event.<name>'",
        Contract,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownResourceNameMember = Create(
        DiagnosticIds.UnknownResourceNameMember,
        "[ResourceName] names no readable property or field",
        "[ResourceName(\"{0}\")] on '{1}': {2}",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnrecordableSpanAttribute = Create(
        DiagnosticIds.UnrecordableSpanAttribute,
        "This parameter type cannot be a span attribute or an entity id",
        "[{0}] on '{1}': a value of type '{2}' cannot be {3}",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MultipleParents = Create(
        DiagnosticIds.MultipleParents,
        "Only one parameter can hold the [Parents]",
        "Method '{0}' already has the [Parents] parameter '{1}'; remove [Parents] from '{2}' or pass all parent ids in one sequence",
        Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EntityAttributeOnChildSpan = Create(
        DiagnosticIds.EntityAttributeOnChildSpan,
        "Child spans have no entity id or parents of their own",
        "[{0}] on '{1}' is ignored: '{2}' is a [ChildSpan] method, which carries the enclosing entity's id; use [Create] or [Operate] for an entity of its own, or [SpanAttribute] to record the value",
        Contract,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidSpanAttributeKey = Create(
        DiagnosticIds.InvalidSpanAttributeKey,
        "The span attribute key is empty, reserved or used twice",
        "[SpanAttribute] on '{0}' {1}",
        Contract,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedTarget = Create(
        DiagnosticIds.UnsupportedTarget,
        "Only partial methods declared in a type can be instrumented",
        "[{0}] on {1} does nothing: only a partial method declared in a type is instrumented; move the work into such a method and call it from here",
        Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor FileLocalType = Create(
        DiagnosticIds.FileLocalType,
        "A file-local type cannot hold generated code",
        "Type '{0}' is file-local, so the implementation of '{1}' cannot be generated into it (every part of a file-local type must be in the same file); declare the type 'internal' instead of 'file'",
        Usage,
        DiagnosticSeverity.Error);

    /// <summary>
    /// The descriptors of the diagnostics the generator reports itself (where no implementation can be added to a method:
    /// <c>MethodInspection.PlacementProblems</c>).
    /// </summary>
    public static readonly DiagnosticDescriptor[] ReportedByGenerator =
    {
        MethodNotPartial,
        TypeNotPartial,
        UnsupportedReturnType,
        FileLocalType,
    };

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
