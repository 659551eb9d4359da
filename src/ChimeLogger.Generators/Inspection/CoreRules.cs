using ChimeLogger.Generators.Diagnostics;

namespace ChimeLogger.Generators.Inspection;

/// <summary>
/// The rules of <c>{Name}Core</c>, the method that holds the body: it must exist with a matching signature (CHIME012, found
/// by <see cref="CoreMethodMatcher"/>), and its body must end when it returns or when its task completes: not
/// <c>async void</c>, not an iterator (CHIME013).
/// </summary>
internal static class CoreRules
{
    public static void Inspect(MethodInspection inspection, KnownSymbols known)
    {
        IMethodSymbol method = inspection.Method;
        string coreName = CoreMethodMatcher.CoreName(method);
        IMethodSymbol? core = CoreMethodMatcher.Find(method, known, out bool takesToken, out string? mismatch);
        if (core is null)
        {
            string note = mismatch is null ? string.Empty : " (" + mismatch + ")";
            inspection.Report(DiagnosticDescriptors.MissingCore, SymbolFacts.MethodLocation(method), coreName, method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), CoreMethodMatcher.ExpectedSignature(method), note);
            return;
        }

        inspection.Core = core;
        inspection.CoreTakesToken = takesToken;
        if (core.IsAsync && core.ReturnsVoid && !inspection.IsDeclaredAsync)
        {
            // (An 'async void' declaration is reported once, with what to do about both.)
            inspection.Report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name, $"has the 'async void' body '{coreName}', whose completion cannot be observed; return Task from both");
        }
        else if (core.IsIterator && !core.IsAsync)
        {
            inspection.Report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name,
                $"has the iterator body '{coreName}', whose work runs while the caller enumerates, after the span has ended; return a materialised collection (a List<T> or an array) from '{coreName}', or instrument the code that enumerates");
        }
    }
}
