using Microsoft.Extensions.Time.Testing;
using RelicSecurity.Inspections.Application;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Persistence;

[Collection("servers")]
public sealed class RiskTriggeredPlannerTests(LocalServersFixture servers)
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_rise_to_high_plans_one_inspection_within_14_days_and_announces_it()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var planner = new RiskTriggeredPlanner(store.Database, clock);
        var site = Guid.NewGuid();

        var planned = (await planner.PlanIfDueAsync(new SiteRiskChange(site, "330000", SiteRiskLevel.Medium, SiteRiskLevel.High, At), "event-1", default))
            .ShouldNotBeNull();
        planned.Origin.ShouldBe(InspectionOrigin.RiskTriggered);
        planned.State.ShouldBe(InspectionState.Planned);
        planned.SiteIds.ShouldBe([site]);
        planned.WindowEnd.ShouldBe(clock.GetUtcNow().AddDays(14));
        (await store.OutboxCountAsync("InspectionPlanned", planned.InspectionId.ToString())).ShouldBe(1);

        // Still PLANNED: a further rise plans nothing.
        (await planner.PlanIfDueAsync(new SiteRiskChange(site, "330000", SiteRiskLevel.High, SiteRiskLevel.Critical, At.AddMinutes(1)), "event-2", default)).ShouldBeNull();
    }

    [Fact]
    public async Task Once_the_inspection_is_done_a_new_rise_plans_again_but_a_redelivered_one_does_not()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var planner = new RiskTriggeredPlanner(store.Database, TimeProvider.System);
        var site = Guid.NewGuid();
        var rise = new SiteRiskChange(site, "330000", SiteRiskLevel.Low, SiteRiskLevel.Critical, At);
        var first = (await planner.PlanIfDueAsync(rise, "event-1", default)).ShouldNotBeNull();
        await store.Inspections.MoveAsync(first.InspectionId, InspectionMove.Cancel, 0, ProvinceReach.Everywhere, DateTimeOffset.UtcNow, default);

        (await planner.PlanIfDueAsync(rise, "event-1", default)).ShouldBeNull();
        (await planner.PlanIfDueAsync(rise, "event-1-copy", default)).ShouldBeNull();
        var fall = new SiteRiskChange(site, "330000", SiteRiskLevel.Critical, SiteRiskLevel.Low, At.AddHours(1));
        (await planner.PlanIfDueAsync(fall, "event-2", default)).ShouldBeNull();
        var again = rise with { ChangedAt = At.AddHours(2) };
        (await planner.PlanIfDueAsync(again, "event-3", default)).ShouldNotBeNull().InspectionId.ShouldNotBe(first.InspectionId);
    }

    [Fact]
    public async Task Rises_of_one_site_arriving_together_plan_a_single_inspection()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var planner = new RiskTriggeredPlanner(store.Database, TimeProvider.System);
        var site = Guid.NewGuid();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            planner.PlanIfDueAsync(new SiteRiskChange(site, "330000", SiteRiskLevel.Medium, SiteRiskLevel.High, At), $"event-{i}", default)));
        results.Count(r => r is not null).ShouldBe(1);
        (await store.OutboxCountAsync("InspectionPlanned")).ShouldBe(1);
    }

    [Fact]
    public async Task A_manually_planned_inspection_of_the_site_holds_the_rule_back()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var site = Guid.NewGuid();
        await store.Inspections.PlanAsync(StoreUnderTest.Plan("330000", Guid.NewGuid(), site), "alice", null, DateTimeOffset.UtcNow, default);
        (await new RiskTriggeredPlanner(store.Database, TimeProvider.System)
            .PlanIfDueAsync(new SiteRiskChange(site, "330000", SiteRiskLevel.Medium, SiteRiskLevel.High, At), "event-1", default)).ShouldBeNull();
    }
}
