using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Emission;

/// <summary>
/// Writes the recording of <c>[SpanAttribute]</c> parameters on the span: each through the <c>SetAttribute</c> overload its
/// type goes to, a nullable value type as its value or a null string, and only for a span that records.
/// </summary>
internal static class SpanAttributeEmitter
{
    public static void Emit(SourceWriter writer, LocalNames names, List<SpanAttributeModel> attributes)
    {
        // Attribute values are formatted only for a recorded span (no boxing, no strings otherwise).
        using (writer.OpenBlock("if (" + names.Token + ".IsRecording)"))
        {
            foreach (SpanAttributeModel attribute in attributes)
            {
                string key = WrapperExpressions.Literal(attribute.Key);
                if (attribute.IsNullableValueType)
                {
                    using (writer.OpenBlock("if (" + attribute.Parameter + ".HasValue)"))
                    {
                        writer.WriteLine(names.Token + ".SetAttribute(" + key + ", " + WrapperExpressions.AttributeValue(attribute.Parameter + ".GetValueOrDefault()", attribute.Format) + ");");
                    }

                    using (writer.OpenBlock("else"))
                    {
                        writer.WriteLine(names.Token + ".SetAttribute(" + key + ", (string?)null);");
                    }
                }
                else
                {
                    writer.WriteLine(names.Token + ".SetAttribute(" + key + ", " + WrapperExpressions.AttributeValue(attribute.Parameter, attribute.Format) + ");");
                }
            }
        }
    }
}
