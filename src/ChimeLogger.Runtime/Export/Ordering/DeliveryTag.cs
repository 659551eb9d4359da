namespace ChimeLogger.Export;

/// <summary>
/// The place of one export request in the order the herald must write things in (docs/helix-contract.md §7): a
/// creations request with its sequence number, a request of operations that waits for the creations requests up to a
/// sequence number, or a plain request. It travels with the request from <see cref="OrderedDelivery"/> through
/// <see cref="ExportAttempt"/> to <see cref="ExportBacklogHandler"/>, and with a parked or stored batch in
/// <see cref="ExportBacklog"/> and <see cref="DiskBatchStore"/>, so that retries keep the order.
/// </summary>
/// <param name="Kind">What the request holds.</param>
/// <param name="Sequence">For creations, their own number (from <see cref="CreationDeliveries.Begin"/>); for dependents, the last creations request they wait for (0 for none).</param>
internal readonly record struct DeliveryTag(DeliveryKind Kind, long Sequence)
{
    public static DeliveryTag Plain => default;

    public static DeliveryTag Creations(long sequence) => new(DeliveryKind.Creations, sequence);

    public static DeliveryTag After(long sequence) => new(DeliveryKind.Dependents, sequence);
}
