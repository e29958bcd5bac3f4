using RelicSecurity.ServiceDefaults.Messaging;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

public sealed class OutboxLanesTests
{
    [Fact]
    public void Events_of_one_record_always_go_to_the_same_lane()
    {
        var key = Guid.NewGuid().ToString();
        var lanes = Enumerable.Range(0, 10).Select(_ => OutboxLanes.LaneOf(key)).Distinct();
        lanes.ShouldHaveSingleItem();
    }

    [Fact]
    public void A_lane_does_not_depend_on_the_process_that_computes_it()
    {
        // Pinned values: string.GetHashCode would differ per process and reorder a record's events
        // between a writer and a relay of different replicas.
        OutboxLanes.LaneOf("site-1").ShouldBe((short)8);
        OutboxLanes.LaneOf("").ShouldBe((short)5);
        OutboxLanes.LaneOf("0195f5c4-8c2e-7d3a-9a1b-3c4d5e6f7a8b").ShouldBe((short)0);
    }

    [Fact]
    public void Many_records_spread_over_every_lane()
    {
        var counts = Enumerable.Range(0, 16_000).Select(i => OutboxLanes.LaneOf($"record-{i}"))
            .GroupBy(lane => lane).ToDictionary(g => g.Key, g => g.Count());
        counts.Keys.Order().ShouldBe(Enumerable.Range(0, OutboxSchema.LaneCount).Select(i => (short)i));
        counts.Values.ShouldAllBe(count => count > 700 && count < 1300);
    }
}
