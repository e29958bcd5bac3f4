using RelicSecurity.Inspections.Application;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Persistence;

/// <summary>A rise held back by an open inspection, settled when that inspection closes, on the test run's PostgreSQL.</summary>
[Collection("servers")]
public sealed class RiskFollowUpStoreTests(LocalServersFixture servers)
{
    private const string Zhejiang = "330000";

    [Fact]
    public async Task Completing_the_inspection_that_held_a_rise_back_plans_one_follow_up_and_announces_it_in_the_same_commit()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var planner = new RiskTriggeredPlanner(store.Database, TimeProvider.System);
        var site = Guid.NewGuid();
        var running = await StartedInspectionAsync(store, site);

        var rise = new SiteRiskChange(site, Zhejiang, SiteRiskLevel.Low, SiteRiskLevel.Critical, DateTimeOffset.UtcNow);
        (await planner.PlanIfDueAsync(rise, "event-1", default)).ShouldBeNull();
        (await store.OutboxCountAsync("InspectionPlanned")).ShouldBe(1, "only the manual plan so far");

        await store.Inspections.MoveAsync(running.InspectionId, InspectionMove.Complete, 0, ProvinceReach.Everywhere, DateTimeOffset.UtcNow, default);
        var followUp = (await RiskTriggeredOfAsync(store, site)).ShouldHaveSingleItem();
        followUp.State.ShouldBe(InspectionState.Planned);
        followUp.ProvinceCode.ShouldBe(Zhejiang);
        (await store.OutboxCountAsync("InspectionPlanned", followUp.InspectionId.ToString())).ShouldBe(1);

        // The rise redelivered, or copied under another id: already handled, also once the follow-up is cancelled.
        (await planner.PlanIfDueAsync(rise, "event-1", default)).ShouldBeNull();
        (await planner.PlanIfDueAsync(rise, "event-1-copy", default)).ShouldBeNull();
        await store.Inspections.MoveAsync(followUp.InspectionId, InspectionMove.Cancel, 0, ProvinceReach.Everywhere, DateTimeOffset.UtcNow, default);
        (await RiskTriggeredOfAsync(store, site)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_rise_held_back_by_a_planned_inspection_is_settled_by_visiting_the_site_and_replanned_if_it_is_cancelled()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var planner = new RiskTriggeredPlanner(store.Database, TimeProvider.System);
        var visited = Guid.NewGuid();
        var cancelled = Guid.NewGuid();
        var planned = await store.Inspections.PlanAsync(StoreUnderTest.Plan(Zhejiang, visited), "alice", null, DateTimeOffset.UtcNow, default);
        var dropped = await store.Inspections.PlanAsync(StoreUnderTest.Plan(Zhejiang, cancelled), "alice", null, DateTimeOffset.UtcNow, default);
        foreach (var site in new[] { visited, cancelled })
        {
            (await planner.PlanIfDueAsync(new SiteRiskChange(site, Zhejiang, SiteRiskLevel.Medium, SiteRiskLevel.High, DateTimeOffset.UtcNow), "e-" + site,
                default)).ShouldBeNull();
        }

        // Started after the rise and completed: the inspectors saw the site as it is now.
        await store.Inspections.MoveAsync(planned.InspectionId, InspectionMove.Start, 0, ProvinceReach.Everywhere, DateTimeOffset.UtcNow, default);
        await store.Inspections.MoveAsync(planned.InspectionId, InspectionMove.Complete, 0, ProvinceReach.Everywhere, DateTimeOffset.UtcNow, default);
        (await RiskTriggeredOfAsync(store, visited)).ShouldBeEmpty();

        await store.Inspections.MoveAsync(dropped.InspectionId, InspectionMove.Cancel, 0, ProvinceReach.Everywhere, DateTimeOffset.UtcNow, default);
        (await RiskTriggeredOfAsync(store, cancelled)).ShouldHaveSingleItem().SiteIds.ShouldBe([cancelled]);
    }

    [Fact]
    public async Task A_site_that_fell_back_below_high_while_its_inspection_ran_gets_no_follow_up()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var planner = new RiskTriggeredPlanner(store.Database, TimeProvider.System);
        var site = Guid.NewGuid();
        var running = await StartedInspectionAsync(store, site);
        var at = DateTimeOffset.UtcNow;

        // The fall arrives first: the late rise is remembered as a rise, but the level stays the newer one.
        (await planner.PlanIfDueAsync(new SiteRiskChange(site, Zhejiang, SiteRiskLevel.Critical, SiteRiskLevel.Medium, at.AddSeconds(1)), "fall", default))
            .ShouldBeNull();
        (await planner.PlanIfDueAsync(new SiteRiskChange(site, Zhejiang, SiteRiskLevel.Low, SiteRiskLevel.Critical, at), "rise", default)).ShouldBeNull();

        await store.Inspections.MoveAsync(running.InspectionId, InspectionMove.Complete, 0, ProvinceReach.Everywhere, DateTimeOffset.UtcNow, default);
        (await RiskTriggeredOfAsync(store, site)).ShouldBeEmpty();
        (await store.OutboxCountAsync("InspectionCompleted", running.InspectionId.ToString())).ShouldBe(1);
    }

    [Fact]
    public async Task A_rise_and_the_completion_racing_plan_exactly_one_inspection()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var planner = new RiskTriggeredPlanner(store.Database, TimeProvider.System);
        for (var round = 0; round < 8; round++)
        {
            var site = Guid.NewGuid();
            var running = await StartedInspectionAsync(store, site);
            var rise = new SiteRiskChange(site, Zhejiang, SiteRiskLevel.Low, SiteRiskLevel.Critical, DateTimeOffset.UtcNow);
            var applying = Task.Run(() => planner.PlanIfDueAsync(rise, "race-" + round, default));
            var completing = Task.Run(() => store.Inspections.MoveAsync(running.InspectionId, InspectionMove.Complete, 0, ProvinceReach.Everywhere,
                DateTimeOffset.UtcNow, default));
            await Task.WhenAll((Task)applying, completing);
            (await RiskTriggeredOfAsync(store, site)).Count.ShouldBe(1, $"round {round}");
        }
    }

    private static async Task<Inspection> StartedInspectionAsync(StoreUnderTest store, Guid site)
    {
        var planned = await store.Inspections.PlanAsync(StoreUnderTest.Plan(Zhejiang, site), "alice", null, DateTimeOffset.UtcNow, default);
        return await store.Inspections.MoveAsync(planned.InspectionId, InspectionMove.Start, 0, ProvinceReach.Everywhere, DateTimeOffset.UtcNow, default);
    }

    private static async Task<IReadOnlyList<Inspection>> RiskTriggeredOfAsync(StoreUnderTest store, Guid site) =>
        (await store.Inspections.ListAsync(new(Zhejiang, null, site, InspectionOrigin.RiskTriggered, 100, null), ProvinceReach.Everywhere, default))
            .Inspections;
}
