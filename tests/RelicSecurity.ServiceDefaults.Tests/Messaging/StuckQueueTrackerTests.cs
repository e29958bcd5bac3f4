using RelicSecurity.ServiceDefaults.Messaging;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

public sealed class StuckQueueTrackerTests
{
    static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    static Dictionary<string, QueueObservation> Look(params (string Queue, uint Consumers, uint Ready, long Consumed)[] queues) =>
        queues.ToDictionary(q => q.Queue, q => new QueueObservation(q.Consumers, q.Ready, q.Consumed));

    static TimeSpan At(int seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_queue_without_consumers_is_stuck_only_after_the_grace_period()
    {
        var tracker = new StuckQueueTracker(Grace);

        tracker.Observe(Look(("sites-a", 0, 0, 0)), At(0)).ShouldBeEmpty();
        tracker.Observe(Look(("sites-a", 0, 0, 0)), At(30)).ShouldBeEmpty();
        var stuck = tracker.Observe(Look(("sites-a", 0, 0, 0)), At(31));

        stuck.ShouldHaveSingleItem().Queue.ShouldBe("sites-a");
        stuck[0].For.ShouldBe(At(31));
        stuck[0].Why.ShouldBe("no consumer");
    }

    [Fact]
    public void An_attached_consumer_that_consumes_nothing_while_messages_wait_is_stuck()
    {
        var tracker = new StuckQueueTracker(Grace);

        tracker.Observe(Look(("a", 1, 500, 1_468)), At(0)).ShouldBeEmpty();
        var stuck = tracker.Observe(Look(("a", 1, 500, 1_468)), At(40));

        stuck.ShouldHaveSingleItem().Why.ShouldBe("500 messages waiting and none consumed");
    }

    [Fact]
    public void A_consumer_working_through_a_backlog_is_never_stuck()
    {
        var tracker = new StuckQueueTracker(Grace);

        for (var second = 0; second <= 300; second += 10)
        {
            // The backlog stays large (producers keep up) but this process keeps consuming.
            tracker.Observe(Look(("a", 1, 2_000, second * 100)), At(second)).ShouldBeEmpty();
        }
    }

    [Fact]
    public void An_attached_consumer_with_nothing_waiting_is_fine_however_long_it_is_idle()
    {
        var tracker = new StuckQueueTracker(Grace);

        tracker.Observe(Look(("a", 1, 0, 7)), At(0)).ShouldBeEmpty();
        tracker.Observe(Look(("a", 1, 0, 7)), At(3_600)).ShouldBeEmpty();
    }

    [Fact]
    public void A_consumer_coming_back_within_the_grace_period_clears_the_queue()
    {
        var tracker = new StuckQueueTracker(Grace);

        tracker.Observe(Look(("a", 0, 10, 0)), At(0));
        tracker.Observe(Look(("a", 1, 0, 10)), At(20)).ShouldBeEmpty();

        tracker.Observe(Look(("a", 0, 0, 10)), At(40)).ShouldBeEmpty();
        tracker.Observe(Look(("a", 0, 0, 10)), At(65)).ShouldBeEmpty();
        tracker.Observe(Look(("a", 0, 0, 10)), At(71)).ShouldHaveSingleItem();
    }

    [Fact]
    public void Only_the_stuck_queues_are_reported()
    {
        var tracker = new StuckQueueTracker(Grace);

        tracker.Observe(Look(("a", 0, 0, 0), ("b", 2, 0, 0)), TimeSpan.Zero);
        var stuck = tracker.Observe(Look(("a", 0, 0, 0), ("b", 2, 0, 0)), TimeSpan.FromMinutes(1));

        stuck.Select(q => q.Queue).ShouldBe(["a"]);
    }

    [Fact]
    public void Reset_forgets_since_when_queues_were_in_trouble()
    {
        var tracker = new StuckQueueTracker(Grace);

        tracker.Observe(Look(("a", 0, 0, 0)), TimeSpan.Zero);
        tracker.Reset();

        tracker.Observe(Look(("a", 0, 0, 0)), TimeSpan.FromMinutes(1)).ShouldBeEmpty();
        tracker.Observe(Look(("a", 0, 0, 0)), TimeSpan.FromMinutes(1) + Grace).ShouldBeEmpty();
        tracker.Observe(Look(("a", 0, 0, 0)), TimeSpan.FromMinutes(2)).ShouldHaveSingleItem();
    }
}
