namespace ChimeLogger.Testing;

/// <summary>
/// The order ChimeLogger's ordered delivery gives spans on their way to the herald (docs/reliability.md, "Delivery
/// order"): the order they ended, except that an operation that ended before the creation of its entity (inside the
/// create span, or before it) follows that creation, when the creation ended within
/// <see cref="ChimeLoggerOptions.OpenCreationWaitLimit"/> of it; past that, the operation goes first, as the exporter
/// sends it. Spans without an end time keep their place. <see cref="TestHerald"/> projects its spans in this order when
/// the tracer's <see cref="ChimeTracer.ExportCreationPause"/> is not zero.
/// </summary>
internal static class DeliveryOrder
{
    public static IReadOnlyList<ReceivedSpan> Of(IReadOnlyList<ReceivedSpan> spansInEndOrder, TimeSpan waitLimit)
    {
        Dictionary<int, List<ReceivedSpan>> following = [];
        bool[] moved = new bool[spansInEndOrder.Count];
        for (int i = 0; i < spansInEndOrder.Count; i++)
        {
            ReceivedSpan operation = spansInEndOrder[i];
            if (operation.EndTime is not { } ended
                || HeraldProjection.SystemString(operation, HelixAttributes.IsOperation) != "true"
                || HeraldProjection.SystemString(operation, HelixAttributes.EntityId) is not { Length: > 0 } id)
            {
                continue;
            }

            for (int j = i + 1; j < spansInEndOrder.Count; j++)
            {
                ReceivedSpan later = spansInEndOrder[j];
                if (later.EndTime is { } laterEnd && laterEnd - ended > waitLimit)
                {
                    break;
                }

                if (HeraldProjection.SystemString(later, HelixAttributes.IsOperation) != "true"
                    && HeraldProjection.SystemString(later, HelixAttributes.EntityId) == id)
                {
                    moved[i] = true;
                    if (!following.TryGetValue(j, out List<ReceivedSpan>? list))
                    {
                        following[j] = list = [];
                    }

                    list.Add(operation);
                    break;
                }
            }
        }

        if (following.Count == 0)
        {
            return spansInEndOrder;
        }

        List<ReceivedSpan> ordered = new(spansInEndOrder.Count);
        for (int i = 0; i < spansInEndOrder.Count; i++)
        {
            if (!moved[i])
            {
                ordered.Add(spansInEndOrder[i]);
            }

            if (following.TryGetValue(i, out List<ReceivedSpan>? operations))
            {
                ordered.AddRange(operations);
            }
        }

        return ordered;
    }
}
