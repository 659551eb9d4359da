namespace ChimeLogger.Generators.Model;

/// <summary>
/// The implementing declaration to write for one instrumented partial method: its signature, the Core that holds its
/// body, and the span to open around the call, if any. Strings and equatable arrays only: the incremental pipeline
/// compares it by value.
/// </summary>
/// <param name="ContainingType">The type that declares the method.</param>
/// <param name="Signature">The partial declaration, repeated.</param>
/// <param name="Core">The method that holds the body.</param>
/// <param name="Span">
/// The span to open, or <see langword="null"/> when the analyzers report an error on the method: then the body only
/// calls Core, with no span (a suppressed error means "run without telemetry"), and <paramref name="ReportedErrors"/>
/// names the errors.
/// </param>
/// <param name="ReportedErrors">The IDs of the errors reported on the method; empty when it is instrumented.</param>
internal sealed record InstrumentedMethod(
    ContainingTypeModel ContainingType,
    MethodSignature Signature,
    CoreMethod Core,
    SpanPlan? Span,
    EquatableArray<string> ReportedErrors);

/// <summary>How the wrapper calls the method that holds the body.</summary>
/// <param name="Call">How it is named in the call: <c>this.XCore</c> or <c>global::T.XCore</c>, with type arguments.</param>
/// <param name="Name">Its name, <c>XCore</c>.</param>
/// <param name="TakesToken">Whether it has a last <c>HelixToken</c> parameter.</param>
/// <param name="IsObsolete">Whether it is <c>[Obsolete]</c>: its call is generated inside <c>#pragma warning disable CS0612, CS0618</c>.</param>
/// <param name="IsMissing">
/// Whether no method matches it (CHIME012): the call is written all the same, as the wrapper would make it, and the
/// compiler rejects it until Core is written.
/// </param>
internal sealed record CoreMethod(string Call, string Name, bool TakesToken, bool IsObsolete, bool IsMissing);
