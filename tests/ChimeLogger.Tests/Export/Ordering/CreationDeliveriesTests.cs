using ChimeLogger.Export;

namespace ChimeLogger.Tests.Export;

/// <summary>
/// When what refers to an export's creations may follow them (docs/reliability.md, "Delivery order"): not while a
/// creations request it waits for is still held, and not before the herald has had the pause to write one it accepted.
/// </summary>
public sealed class CreationDeliveriesTests
{
    [Fact]
    public void Creations_requests_are_numbered_in_order_and_held_until_the_herald_accepts_or_they_are_abandoned()
    {
        CreationDeliveries deliveries = new(TimeSpan.FromMilliseconds(200));

        long first = deliveries.Begin();
        long second = deliveries.Begin();

        Assert.True(second > first);
        Assert.False(deliveries.HeldBefore(first));
        Assert.True(deliveries.HeldBefore(second)); // a creations request does not overtake an older one
        Assert.Null(deliveries.ReleaseAt(first));
        Assert.False(deliveries.IsSettled(first));

        deliveries.Abandoned(first); // refused or given up: nothing of it will be written
        Assert.False(deliveries.HeldBefore(second));
        Assert.True(deliveries.IsSettled(first));
        Assert.Null(deliveries.ReleaseAt(second));
    }

    [Fact]
    public void What_waits_for_an_accepted_request_may_follow_once_the_pause_has_passed()
    {
        CreationDeliveries deliveries = new(TimeSpan.FromMilliseconds(300));
        long sequence = deliveries.Begin();

        long before = Environment.TickCount64;
        deliveries.Accepted(sequence);
        long release = deliveries.ReleaseAt(sequence)!.Value;

        Assert.InRange(release, before + 300, Environment.TickCount64 + 300);
        Assert.False(deliveries.IsSettled(sequence));
        Assert.Equal(release, deliveries.ReleaseAt(sequence + 5)); // waiting for later numbers never goes before it

        SpinWait.SpinUntil(() => Environment.TickCount64 >= release + 1);
        Assert.True(deliveries.IsSettled(sequence));
        Assert.True(deliveries.ReleaseAt(sequence) <= Environment.TickCount64);
    }

    [Fact]
    public void A_request_waiting_for_earlier_numbers_is_not_held_back_by_later_creations()
    {
        CreationDeliveries deliveries = new(TimeSpan.FromMinutes(5));
        long early = deliveries.Begin();
        deliveries.Abandoned(early);
        long late = deliveries.Begin();
        deliveries.Accepted(late);

        Assert.True(deliveries.ReleaseAt(early) <= Environment.TickCount64);
        Assert.True(deliveries.ReleaseAt(late) > Environment.TickCount64 + 60_000);
        Assert.True(deliveries.ReleaseAt(0) <= Environment.TickCount64); // waiting for nothing
    }

    [Fact]
    public void With_nothing_held_a_creations_request_may_go_whatever_its_number()
    {
        CreationDeliveries deliveries = new(TimeSpan.FromMinutes(5));
        Assert.False(deliveries.HeldBefore(1));
        Assert.True(deliveries.MaySend(DeliveryTag.Creations(1)));

        long first = deliveries.Begin();
        deliveries.Accepted(first);
        long second = deliveries.Begin();
        deliveries.Abandoned(second);

        Assert.False(deliveries.HeldBefore(second + 1)); // accepted and abandoned requests hold no creations back
        Assert.True(deliveries.MaySend(DeliveryTag.Creations(second + 1)));
    }

    [Fact]
    public void What_waits_may_follow_at_the_very_tick_the_pause_ends()
    {
        // With no pause, the release time is the tick the request was accepted at, so the clock has usually not moved
        // between the acceptance and the question: the release must include that tick.
        CreationDeliveries deliveries = new(TimeSpan.Zero);
        for (int i = 0; i < 200; i++)
        {
            long sequence = deliveries.Begin();
            deliveries.Accepted(sequence);

            Assert.True(deliveries.IsSettled(sequence), $"Request {sequence} was not settled when its pause of zero had passed.");
            Assert.True(deliveries.MaySend(DeliveryTag.After(sequence)), $"What waits for request {sequence} was held when its pause of zero had passed.");
        }

        Assert.True(new CreationDeliveries(TimeSpan.FromMinutes(5)).MaySend(DeliveryTag.After(0))); // waiting for nothing
    }

    [Fact]
    public void Only_a_creations_request_leaving_the_backlog_settles_its_number()
    {
        CreationDeliveries deliveries = new(TimeSpan.FromMinutes(5));
        long first = deliveries.Begin();
        long second = deliveries.Begin();

        // Requests of operations (and plain ones) carry the number they wait for, not one of their own.
        deliveries.Settle(DeliveryTag.After(first), accepted: true);
        deliveries.Settle(DeliveryTag.After(second), accepted: false);
        Assert.Null(deliveries.ReleaseAt(first));
        Assert.False(deliveries.IsSettled(first));
        Assert.False(deliveries.IsSettled(second));

        deliveries.Settle(DeliveryTag.Creations(first), accepted: false); // given up: nothing of it will be written
        Assert.True(deliveries.IsSettled(first));
        Assert.True(deliveries.MaySend(DeliveryTag.After(first)));

        deliveries.Settle(DeliveryTag.Creations(second), accepted: true); // accepted: written within the pause
        Assert.False(deliveries.IsSettled(second));
        Assert.True(deliveries.ReleaseAt(second) > Environment.TickCount64 + 60_000);
    }
}
