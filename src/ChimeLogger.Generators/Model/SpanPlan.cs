namespace ChimeLogger.Generators.Model;

/// <summary>The span an instrumented method opens around the call to Core, and what it records.</summary>
/// <param name="Kind">The kind of span.</param>
/// <param name="Name">The stage, operation or span name.</param>
/// <param name="ResourceType">The resource type, or <see langword="null"/> when none was given.</param>
/// <param name="Shape">How the wrapper knows that the work is done.</param>
/// <param name="EntityId">Where the entity id comes from, or <see langword="null"/>.</param>
/// <param name="Parents">Where the parent ids come from, or <see langword="null"/>.</param>
/// <param name="CancellationTokenParameter">The name of the method's <c>CancellationToken</c> parameter, or <see langword="null"/>.</param>
/// <param name="Attributes">The span attributes written from parameters, in parameter order.</param>
internal sealed record SpanPlan(
    SpanKind Kind,
    string Name,
    string? ResourceType,
    ReturnShape Shape,
    EntityIdSource? EntityId,
    ParentsSource? Parents,
    string? CancellationTokenParameter,
    EquatableArray<SpanAttributeModel> Attributes)
{
    public bool IsAsync => Shape is ReturnShape.Task or ReturnShape.TaskOfT or ReturnShape.ValueTask or ReturnShape.ValueTaskOfT;
}

/// <summary>Which runtime call opens the span.</summary>
internal enum SpanKind
{
    /// <summary><c>[Operate]</c>: <c>ChimeTracer.Operate</c>.</summary>
    Operate,

    /// <summary><c>[Create]</c>: <c>ChimeTracer.Create</c>.</summary>
    Create,

    /// <summary><c>[ChildSpan]</c>: <c>ChimeTracer.ChildSpan</c>.</summary>
    Child,
}

/// <summary>How the wrapper knows that the work is done.</summary>
internal enum ReturnShape
{
    /// <summary><c>void</c>: when Core returns.</summary>
    Void,

    /// <summary>Any other non-awaitable type: when Core returns.</summary>
    Value,

    /// <summary><c>Task</c>: when the task completes.</summary>
    Task,

    /// <summary><c>Task&lt;T&gt;</c>: when the task completes.</summary>
    TaskOfT,

    /// <summary><c>ValueTask</c>: when the value task completes.</summary>
    ValueTask,

    /// <summary><c>ValueTask&lt;T&gt;</c>: when the value task completes.</summary>
    ValueTaskOfT,
}

/// <summary>A <c>[SpanAttribute]</c> parameter.</summary>
/// <param name="Parameter">The parameter's name.</param>
/// <param name="Key">The attribute key.</param>
/// <param name="Format">How the value is handed to <c>HelixToken.SetAttribute</c>.</param>
/// <param name="IsNullableValueType">Whether the parameter is a <c>Nullable&lt;T&gt;</c> (then <see cref="Format"/> describes <c>T</c>).</param>
/// <param name="IsOut">Whether it is an <c>out</c> parameter, recorded once Core has returned.</param>
internal sealed record SpanAttributeModel(string Parameter, string Key, AttributeFormat Format, bool IsNullableValueType, bool IsOut);

/// <summary>How a span attribute value reaches <c>HelixToken.SetAttribute</c> without boxing when it can.</summary>
internal enum AttributeFormat
{
    /// <summary>A string: the <c>string?</c> overload.</summary>
    String,

    /// <summary>An integer that converts implicitly to <c>long</c>: the <c>long</c> overload.</summary>
    Integer,

    /// <summary>A <c>double</c>: the <c>double</c> overload.</summary>
    Double,

    /// <summary>A <c>bool</c>: the <c>bool</c> overload.</summary>
    Boolean,

    /// <summary>An <see cref="System.IFormattable"/> value type: the runtime's <c>InstrumentedValues.FormatInvariant</c>.</summary>
    Invariant,

    /// <summary>A <c>DateTime</c> or <c>DateTimeOffset</c>: round-trip <c>"O"</c> text (<c>InstrumentedValues.FormatRoundTrip</c>).</summary>
    RoundTrip,

    /// <summary>An enum or a <c>char</c>: <c>ToString()</c>.</summary>
    Text,

    /// <summary>Anything else: the <c>object?</c> overload (formatted by the runtime).</summary>
    Object,
}

/// <summary>Where a value the span is opened with is read: a parameter, or a property or field of it.</summary>
/// <param name="Parameter">The parameter name.</param>
/// <param name="Member">The property or field of the parameter, or <see langword="null"/> for the parameter itself.</param>
/// <param name="Interface">The interface to cast the parameter to before reading <paramref name="Member"/> (an explicit implementation), or <see langword="null"/>.</param>
/// <param name="ParameterCanBeNull">Whether the parameter can be <see langword="null"/> (member access must be null-conditional).</param>
internal sealed record ParameterValue(string Parameter, string? Member, string? Interface, bool ParameterCanBeNull);

/// <summary>Where the entity id is read from, and how it becomes text.</summary>
/// <param name="Value">Where it is read.</param>
/// <param name="Format">How the value becomes a string.</param>
/// <param name="ValueCanBeNull">Whether the value itself can be <see langword="null"/> (formatting must be null-conditional).</param>
internal sealed record EntityIdSource(ParameterValue Value, EntityIdFormat Format, bool ValueCanBeNull);

/// <summary>How an entity id value becomes a string.</summary>
internal enum EntityIdFormat
{
    /// <summary>It is a string.</summary>
    String,

    /// <summary>It implements <c>IFormattable</c>: formatted with the invariant culture (<c>InstrumentedValues.FormatInvariant</c>).</summary>
    Invariant,

    /// <summary>An enum, or a type that is not formattable: <c>ToString()</c>.</summary>
    Text,

    /// <summary>A <c>bool</c>: <c>"true"</c> or <c>"false"</c> (<c>InstrumentedValues.FormatBoolean</c>).</summary>
    Boolean,

    /// <summary>A <c>DateTime</c> or <c>DateTimeOffset</c>: round-trip <c>"O"</c> text (<c>InstrumentedValues.FormatRoundTrip</c>).</summary>
    RoundTrip,

    /// <summary>
    /// A type parameter, interface or <c>object</c>: the runtime's <c>MetadataFormatter</c> formats the value (the same
    /// rules, applied to its type at run time).
    /// </summary>
    Runtime,
}

/// <summary>Where the parent ids come from.</summary>
/// <param name="Value">Where they are read.</param>
/// <param name="IsSingle">Whether the value is one string (rather than a sequence of strings).</param>
/// <param name="ReplaceableType">
/// The parameter's type when Core is given the ids read for the span in place of the caller's sequence (a parameter
/// declared <c>IEnumerable&lt;string&gt;</c>, passed by value), or <see langword="null"/> when Core gets the caller's value.
/// </param>
internal sealed record ParentsSource(ParameterValue Value, bool IsSingle, string? ReplaceableType);
