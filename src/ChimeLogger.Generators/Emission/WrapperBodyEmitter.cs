using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Emission;

/// <summary>
/// Writes the body of an instrumented method: Core called at once when nobody listens; otherwise the span opened
/// (<see cref="SpanStartEmitter"/>), Core called inside it, and the span ended when Core returns (try, an exception filter
/// that records what Core threw, finally) or, for a task, when it completes (the runtime's <c>SpanCompletion</c>).
/// </summary>
internal static class WrapperBodyEmitter
{
    public static void Emit(SourceWriter writer, InstrumentedMethod method, SpanPlan span)
    {
        LocalNames names = new(method.Signature);
        using (writer.OpenBlock())
        {
            writer.WriteLine(RuntimeNames.Tracer + "? " + names.Tracer + " = " + RuntimeNames.Telemetry + ".Tracer;");
            using (writer.OpenBlock("if (" + names.Tracer + " is null || !" + names.Tracer + ".IsListening)"))
            {
                writer.WriteLine("// Nobody listens: run the work with no span, computing nothing for one.");
                string call = WrapperExpressions.CoreCall(method, RuntimeNames.Token + ".None", parentsForCore: null);
                if (method.Signature.ReturnsVoid)
                {
                    writer.WriteLine(call + ";");
                    writer.WriteLine("return;");
                }
                else
                {
                    writer.WriteLine("return " + call + ";");
                }
            }

            writer.WriteLine();
            if (span.IsAsync)
            {
                EmitAsyncBody(writer, method, span, names);
            }
            else
            {
                EmitSyncBody(writer, method, span, names);
            }
        }
    }

    private static void EmitSyncBody(SourceWriter writer, InstrumentedMethod method, SpanPlan span, LocalNames names)
    {
        string? parentsForCore = SpanStartEmitter.Emit(writer, method, span, names);
        List<SpanAttributeModel> outAttributes = span.Attributes.Where(static a => a.IsOut).ToList();
        string call = WrapperExpressions.CoreCall(method, names.Token, parentsForCore);
        using (writer.OpenBlock("try"))
        {
            if (outAttributes.Count == 0)
            {
                writer.WriteLine(method.Signature.ReturnsVoid ? call + ";" : "return " + call + ";");
            }
            else
            {
                writer.WriteLine(method.Signature.ReturnsVoid ? call + ";" : method.Signature.ReturnType + " " + names.Result + " = " + call + ";");
                writer.WriteLine("// out parameters have their values only now.");
                SpanAttributeEmitter.Emit(writer, names, outAttributes);
                if (!method.Signature.ReturnsVoid)
                {
                    writer.WriteLine("return " + names.Result + ";");
                }
            }
        }

        EmitRecordingCatch(writer, span, names);
        using (writer.OpenBlock("finally"))
        {
            writer.WriteLine(names.Token + ".Dispose();");
        }
    }

    // The runtime ends the span when the task completes (SpanCompletion) and gives the caller back its current span;
    // if Core throws before returning a task, the filter records the exception and ends the span, and it propagates unchanged.
    private static void EmitAsyncBody(SourceWriter writer, InstrumentedMethod method, SpanPlan span, LocalNames names)
    {
        writer.WriteLine(RuntimeNames.Activity + "? " + names.CallerActivity + " = " + RuntimeNames.Activity + ".Current;");
        string? parentsForCore = SpanStartEmitter.Emit(writer, method, span, names);
        string tokenArgument = span.CancellationTokenParameter is { } ct ? ", " + ct : string.Empty;
        using (writer.OpenBlock("try"))
        {
            writer.WriteLine("return " + RuntimeNames.Completion + ".EndWhenCompleted(" + WrapperExpressions.CoreCall(method, names.Token, parentsForCore) + ", " + names.Token + ", " + names.CallerActivity + tokenArgument + ");");
        }

        using (writer.OpenBlock("catch (" + RuntimeNames.Exception + " " + names.Exception + ") when (" + RuntimeNames.Completion + ".EndOnThrow(" + names.Token + ", " + names.Exception + ", " + names.CallerActivity + tokenArgument + "))"))
        {
            writer.WriteLine("// Not reached: EndOnThrow records the exception, ends the span and returns false, so the exception propagates unchanged.");
            writer.WriteLine("throw;");
        }
    }

    private static void EmitRecordingCatch(SourceWriter writer, SpanPlan span, LocalNames names)
    {
        string record = span.CancellationTokenParameter is { } ct
            ? names.Token + ".RecordException(" + names.Exception + ", " + ct + ")"
            : names.Token + ".RecordException(" + names.Exception + ")";
        using (writer.OpenBlock("catch (" + RuntimeNames.Exception + " " + names.Exception + ") when (" + record + ")"))
        {
            if (span.CancellationTokenParameter is { } token)
            {
                writer.WriteLine("// Not reached: RecordException records the error and returns false, so the exception propagates unchanged.");
                writer.WriteLine("// An OperationCanceledException while '" + token.TrimStart('@') + "' is cancelled is a requested stop: chime.cancelled=\"true\", no error.");
            }
            else
            {
                writer.WriteLine("// Not reached: RecordException records the error and returns false, so the exception propagates unchanged.");
            }

            writer.WriteLine("throw;");
        }
    }
}
