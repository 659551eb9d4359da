namespace ChimeLogger.Generators.Diagnostics;

/// <summary>
/// The stable IDs of every ChimeLogger diagnostic. Each has a page in <c>docs/diagnostics/{ID}.md</c>.
/// </summary>
public static class DiagnosticIds
{
    /// <summary>The instrumented method is not a <c>partial</c> declaration without a body.</summary>
    public const string MethodNotPartial = "CHIME001";

    /// <summary>A type containing an instrumented method is not <c>partial</c>.</summary>
    public const string TypeNotPartial = "CHIME002";

    /// <summary>More than one of <c>[Operate]</c>, <c>[Create]</c>, <c>[ChildSpan]</c> on one method.</summary>
    public const string ConflictingSpanAttributes = "CHIME003";

    /// <summary>A <c>[Create]</c> method has no <c>[ResourceName]</c> parameter.</summary>
    public const string CreateWithoutResourceName = "CHIME004";

    /// <summary>An <c>[Operate]</c> method has no <c>[ResourceName]</c> parameter.</summary>
    public const string OperateWithoutResourceName = "CHIME005";

    /// <summary>More than one <c>[ResourceName]</c> parameter.</summary>
    public const string MultipleResourceNames = "CHIME006";

    /// <summary><c>[ResourceName]</c> or <c>[Parents]</c> on an <c>out</c> parameter.</summary>
    public const string OutParameter = "CHIME007";

    /// <summary><c>[Parents]</c> is not a string or a sequence of strings (or names no such member).</summary>
    public const string InvalidParents = "CHIME008";

    /// <summary><c>[Parents]</c> on an <c>[Operate]</c> method.</summary>
    public const string ParentsOnOperate = "CHIME009";

    /// <summary>The stage, operation or span name is empty or whitespace.</summary>
    public const string EmptySpanName = "CHIME010";

    /// <summary><c>ResourceType</c> missing or empty on <c>[Operate]</c>/<c>[Create]</c>.</summary>
    public const string MissingResourceType = "CHIME011";

    /// <summary>No <c>{Name}Core</c> method with a matching signature.</summary>
    public const string MissingCore = "CHIME012";

    /// <summary>The return type cannot be followed to completion (or Core is <c>async void</c>).</summary>
    public const string UnsupportedReturnType = "CHIME013";

    /// <summary>A constant event name passed to <c>AddEvent</c> does not start with <c>helix.</c>.</summary>
    public const string EventNameWithoutHelixPrefix = "CHIME014";

    /// <summary><c>[ResourceName("X")]</c> names no readable property or field.</summary>
    public const string UnknownResourceNameMember = "CHIME015";

    /// <summary>A <c>[SpanAttribute]</c> parameter's type cannot be recorded (a ref struct or a pointer).</summary>
    public const string UnrecordableSpanAttribute = "CHIME016";

    /// <summary>More than one <c>[Parents]</c> parameter.</summary>
    public const string MultipleParents = "CHIME017";

    /// <summary><c>[ResourceName]</c> or <c>[Parents]</c> on a <c>[ChildSpan]</c> method, where it is ignored.</summary>
    public const string EntityAttributeOnChildSpan = "CHIME018";

    /// <summary>A <c>[SpanAttribute]</c> key that is empty, reserved by the wire contract, or already used on the method.</summary>
    public const string InvalidSpanAttributeKey = "CHIME019";

    /// <summary>A span attribute on a local function, lambda, accessor, operator or finalizer, where it does nothing.</summary>
    public const string UnsupportedTarget = "CHIME020";

    /// <summary>An instrumented method in a file-local type, which generated code cannot be added to.</summary>
    public const string FileLocalType = "CHIME021";
}
