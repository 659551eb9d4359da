using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Emission;

/// <summary>
/// Writes the opening of a span: the entity id and parent ids read from the parameters (members through the runtime, so
/// that a getter that throws does not stop the work), the <c>ChimeTracer</c> call that opens the span, and the span
/// attributes known before Core runs.
/// </summary>
internal static class SpanStartEmitter
{
    /// <summary>Opens the span; returns the local Core is given in place of the [Parents] parameter, if any.</summary>
    public static string? Emit(SourceWriter writer, InstrumentedMethod method, SpanPlan span, LocalNames names)
    {
        string? entityId = null;
        string? parents = null;
        string? parentsForCore = null;
        if (span.Kind != SpanKind.Child)
        {
            if (span.EntityId is { Value.Member: { } entityMember } entitySource)
            {
                entityId = names.ResourceName;
                EmitMemberRead(writer, method, "string?", entityId, WrapperExpressions.EntityId(entitySource), entitySource.Value.Parameter, "ResourceName", entityMember);
            }

            if (span.Kind == SpanKind.Create && span.Parents is { } parentsSource)
            {
                parentsForCore = EmitParentsRead(writer, method, names, parentsSource);
                parents = parentsSource.IsSingle ? (parentsSource.Value.Member is null ? null : names.ParentIds) : "(" + RuntimeNames.SequenceOfStrings + "?)" + names.ParentIds;
            }
        }

        writer.WriteLine(RuntimeNames.Token + " " + names.Token + " = " + names.Tracer + "." + StartCall(span, entityId, parents) + ";");
        List<SpanAttributeModel> attributes = span.Attributes.Where(static a => !a.IsOut).ToList();
        if (attributes.Count > 0)
        {
            SpanAttributeEmitter.Emit(writer, names, attributes);
        }

        writer.WriteLine();
        return parentsForCore;
    }

    // Parent ids are read once, before the span opens: a sequence is enumerated by the runtime into a list (a lazy
    // sequence runs its side effects once; one that throws leaves the span without parents and the work runs as usual).
    // When the parameter is declared IEnumerable<string>, Core is given what was read rather than the caller's sequence.
    private static string? EmitParentsRead(SourceWriter writer, InstrumentedMethod method, LocalNames names, ParentsSource source)
    {
        if (source.IsSingle)
        {
            if (source.Value.Member is { } singleMember)
            {
                EmitMemberRead(writer, method, "string?", names.ParentIds, WrapperExpressions.Read(source.Value), source.Value.Parameter, "Parents", singleMember);
            }

            return null;
        }

        string value = source.Value.Parameter;
        if (source.Value.Member is { } member)
        {
            value = names.ParentSequence;
            EmitMemberRead(writer, method, RuntimeNames.SequenceOfNullableStrings + "?", value, WrapperExpressions.Read(source.Value), source.Value.Parameter, "Parents", member);
        }

        string read = RuntimeNames.Values + ".ReadParents(" + value + ", " + WrapperExpressions.Literal(method.Signature.Name.TrimStart('@')) + ", out " + RuntimeNames.ListOfNullableStrings + "? " + names.ParentIds + ")";
        if (source.ReplaceableType is { } type && source.Value.Member is null)
        {
            writer.WriteLine(type + " " + names.ParentsForCore + " = (" + type + ")" + read + ";");
            writer.WriteLine();
            return names.ParentsForCore;
        }

        writer.WriteLine(read + ";");
        writer.WriteLine();
        return null;
    }

    // A member named by [ResourceName("X")] or [Parents("X")] runs user code (a property getter) before the work starts.
    // The runtime reads it through a static lambda (no allocation) whose parameter shadows the method's, so that the
    // expression reads as it would in the method: if it throws, the span opens without that value and
    // the runtime warns; telemetry never stops the pipeline.
    private static void EmitMemberRead(SourceWriter writer, InstrumentedMethod method, string type, string local, string expression, string parameter, string attribute, string member)
    {
        writer.WriteLine(type + " " + local + " = " + RuntimeNames.Values + ".ReadMember(" + parameter + ", static " + parameter + " => " + expression + ", "
            + WrapperExpressions.Literal(method.Signature.Name.TrimStart('@')) + ", " + WrapperExpressions.Literal(attribute + "(\"" + member + "\")") + ");");
    }

    private static string StartCall(SpanPlan span, string? entityIdLocal, string? parentsValue)
    {
        string name = WrapperExpressions.Literal(span.Name);
        string resourceType = span.ResourceType is { } type ? WrapperExpressions.Literal(type) : "null";
        string entityId = entityIdLocal ?? (span.EntityId is { } source ? WrapperExpressions.EntityId(source) : "null");
        switch (span.Kind)
        {
            case SpanKind.Operate:
                return "Operate(" + name + ", resourceName: " + entityId + ", resourceType: " + resourceType + ")";
            case SpanKind.Create:
                string parents = span.Parents is { } p
                    ? ", " + (p.IsSingle ? "parent: " : "parents: ") + (parentsValue ?? p.Value.Parameter)
                    : string.Empty;
                return "Create(" + name + ", resourceName: " + entityId + ", resourceType: " + resourceType + parents + ")";
            default:
                return "ChildSpan(" + name + ")";
        }
    }
}
