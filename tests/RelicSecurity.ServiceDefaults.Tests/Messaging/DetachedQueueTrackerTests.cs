using RelicSecurity.ServiceDefaults.Messaging;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

public sealed class DetachedQueueTrackerTests
{
    static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    static Dictionary<string, uint> Consumers(params (string Queue, uint Count)[] queues) =>
        queues.ToDictionary(q => q.Queue, q => q.Count);

    [Fact]
    public void A_queue_without_consumers_is_overdue_only_after_the_grace_period()
    {
        var tracker = new DetachedQueueTracker(Grace);

        tracker.Observe(Consumers(("sites-a", 0)), TimeSpan.FromSeconds(0)).ShouldBeEmpty();
        tracker.Observe(Consumers(("sites-a", 0)), TimeSpan.FromSeconds(30)).ShouldBeEmpty();
        var overdue = tracker.Observe(Consumers(("sites-a", 0)), TimeSpan.FromSeconds(31));

        overdue.ShouldHaveSingleItem().Queue.ShouldBe("sites-a");
        overdue[0].DetachedFor.ShouldBe(TimeSpan.FromSeconds(31));
    }

    [Fact]
    public void A_consumer_coming_back_within_the_grace_period_clears_the_queue()
    {
        var tracker = new DetachedQueueTracker(Grace);

        tracker.Observe(Consumers(("sites-a", 0)), TimeSpan.FromSeconds(0));
        tracker.Observe(Consumers(("sites-a", 1)), TimeSpan.FromSeconds(20)).ShouldBeEmpty();

        tracker.Observe(Consumers(("sites-a", 0)), TimeSpan.FromSeconds(40)).ShouldBeEmpty();
        tracker.Observe(Consumers(("sites-a", 0)), TimeSpan.FromSeconds(65)).ShouldBeEmpty();
        tracker.Observe(Consumers(("sites-a", 0)), TimeSpan.FromSeconds(71)).ShouldHaveSingleItem();
    }

    [Fact]
    public void Only_the_detached_queues_are_reported()
    {
        var tracker = new DetachedQueueTracker(Grace);

        tracker.Observe(Consumers(("a", 0), ("b", 2)), TimeSpan.Zero);
        var overdue = tracker.Observe(Consumers(("a", 0), ("b", 2)), TimeSpan.FromMinutes(1));

        overdue.Select(q => q.Queue).ShouldBe(["a"]);
    }

    [Fact]
    public void Reset_forgets_since_when_queues_were_detached()
    {
        var tracker = new DetachedQueueTracker(Grace);

        tracker.Observe(Consumers(("a", 0)), TimeSpan.Zero);
        tracker.Reset();

        tracker.Observe(Consumers(("a", 0)), TimeSpan.FromMinutes(1)).ShouldBeEmpty();
        tracker.Observe(Consumers(("a", 0)), TimeSpan.FromMinutes(1) + Grace).ShouldBeEmpty();
        tracker.Observe(Consumers(("a", 0)), TimeSpan.FromMinutes(2)).ShouldHaveSingleItem();
    }
}
