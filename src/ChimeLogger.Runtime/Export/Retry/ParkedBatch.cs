namespace ChimeLogger.Export;

/// <summary>A batch waiting in memory: the export request's bytes, its item count, when it was parked (<see cref="Environment.TickCount64"/>), and its place in the write order.</summary>
internal sealed record ParkedBatch(byte[] Body, int Count, long ParkedAt, DeliveryTag Tag);
