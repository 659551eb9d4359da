using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>The batches held in memory for a retry: a shutdown takes them all, the one being sent first, and nothing is left behind.</summary>
public sealed class ParkedBatchesTests
{
    [Fact]
    public void A_drain_takes_every_batch_once_the_one_in_flight_first_and_leaves_nothing_held()
    {
        ParkedBatches parked = new();
        ParkedBatch first = new([1], 1, 0, DeliveryTag.Plain);
        ParkedBatch second = new([2], 2, 0, DeliveryTag.Plain);
        ParkedBatch third = new([3], 3, 0, DeliveryTag.Plain);
        parked.Add(first);
        parked.Add(second);
        parked.Add(third);
        Assert.Same(first, parked.TakeReady(_ => true));

        Assert.Equal([first, second, third], parked.Drain());

        Assert.True(parked.IsEmpty);
        Assert.Empty(parked.Drain()); // a second shutdown does not count them again
        Assert.Null(parked.TakeReady(_ => true));
    }
}
