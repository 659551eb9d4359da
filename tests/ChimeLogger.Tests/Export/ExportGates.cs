using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>Export gates in the state a test starts from.</summary>
internal static class ExportGates
{
    /// <summary>
    /// A gate of <paramref name="capacity"/> offered <paramref name="items"/> items, as ended spans or log records are
    /// offered to the export queue: those beyond the capacity are dropped.
    /// </summary>
    public static ExportGate Offered(int capacity, int items)
    {
        ExportGate gate = new(capacity);
        for (int i = 0; i < items; i++)
        {
            gate.TryEnter();
        }

        return gate;
    }
}
