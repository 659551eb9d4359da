using Microsoft.CodeAnalysis.Text;

namespace ChimeLogger.Generators.Model;

/// <summary>
/// A diagnostic the generator reports itself, as a value: the descriptor's ID, the message arguments, and where it
/// points (the file's path and the span, not a <c>Location</c>, which would keep the syntax tree and its compilation
/// alive and never compare equal across compilations).
/// </summary>
/// <param name="Id">The ChimeLogger diagnostic ID.</param>
/// <param name="Arguments">The message arguments, already text.</param>
/// <param name="FilePath">The path of the file it points into.</param>
/// <param name="Span">The span in that file.</param>
/// <param name="LineSpan">The same span as lines and columns.</param>
internal sealed record ReportedDiagnostic(
    string Id,
    EquatableArray<string> Arguments,
    string FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan);

/// <summary>What the generator makes of one attributed method: the implementation to write, or the diagnostics it reports itself.</summary>
/// <param name="Implementation">The implementing declaration to write, or <see langword="null"/> when none can be.</param>
/// <param name="Diagnostics">
/// Why no implementation can be written, when the compiler's own errors for that (CS0751, CS0759, CS1994, CS8795) are
/// declaration errors: those end a command-line build before any analyzer runs, so the generator says why itself.
/// </param>
internal sealed record MethodOutput(
    InstrumentedMethod? Implementation,
    EquatableArray<ReportedDiagnostic> Diagnostics);
