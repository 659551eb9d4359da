namespace ChimeLogger.Generators.Emission;

/// <summary>The runtime types the generated code names, fully qualified so that no user type or alias can stand in for them.</summary>
internal static class RuntimeNames
{
    public const string Tracer = "global::ChimeLogger.ChimeTracer";
    public const string Telemetry = "global::ChimeLogger.ChimeTelemetry";
    public const string Token = "global::ChimeLogger.HelixToken";
    public const string Activity = "global::System.Diagnostics.Activity";
    public const string Exception = "global::System.Exception";
    public const string Values = "global::ChimeLogger.Instrumentation.InstrumentedValues";
    public const string Completion = "global::ChimeLogger.Instrumentation.SpanCompletion";
    public const string SequenceOfStrings = "global::System.Collections.Generic.IEnumerable<string>";
    public const string SequenceOfNullableStrings = "global::System.Collections.Generic.IEnumerable<string?>";
    public const string ListOfNullableStrings = "global::System.Collections.Generic.IReadOnlyList<string?>";
}
