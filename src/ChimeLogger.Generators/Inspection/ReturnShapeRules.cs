using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Inspection;

/// <summary>
/// How the wrapper knows that the method's work is done, from its return type (<see cref="ReturnShape"/>): when Core
/// returns, or when the task it returns completes. A return by reference, an async sequence or another awaitable cannot
/// be followed to completion (CHIME013).
/// </summary>
internal static class ReturnShapeRules
{
    public static void Inspect(MethodInspection inspection, KnownSymbols known)
    {
        IMethodSymbol method = inspection.Method;
        ITypeSymbol returnType = method.ReturnType;
        ISymbol definition = returnType.OriginalDefinition;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            inspection.Report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name, "returns by reference");
        }
        else if (method.ReturnsVoid)
        {
            inspection.Shape = ReturnShape.Void;
        }
        else if (KnownSymbols.Is(definition, known.Task))
        {
            inspection.Shape = ReturnShape.Task;
        }
        else if (KnownSymbols.Is(definition, known.TaskOfT))
        {
            inspection.Shape = ReturnShape.TaskOfT;
        }
        else if (KnownSymbols.Is(definition, known.ValueTask))
        {
            inspection.Shape = ReturnShape.ValueTask;
        }
        else if (KnownSymbols.Is(definition, known.ValueTaskOfT))
        {
            inspection.Shape = ReturnShape.ValueTaskOfT;
        }
        else if (SymbolFacts.IsAsyncSequence(returnType, known))
        {
            inspection.Report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name, $"returns the async sequence '{returnType.ToDisplayString()}', whose work happens after the method returns");
        }
        else if (SymbolFacts.IsAwaitable(returnType))
        {
            inspection.Report(DiagnosticDescriptors.UnsupportedReturnType, SymbolFacts.MethodLocation(method), method.Name, $"returns the awaitable '{returnType.ToDisplayString()}', which the wrapper cannot follow to completion");
        }
        else
        {
            inspection.Shape = ReturnShape.Value;
        }
    }
}
