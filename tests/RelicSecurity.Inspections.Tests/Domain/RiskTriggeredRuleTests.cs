using RelicSecurity.Inspections.Domain;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Domain;

public sealed class RiskTriggeredRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(SiteRiskLevel.Medium, SiteRiskLevel.High)]
    [InlineData(SiteRiskLevel.Low, SiteRiskLevel.Critical)]
    [InlineData(SiteRiskLevel.High, SiteRiskLevel.Critical)]
    public void A_rise_into_high_or_critical_plans_an_inspection_within_14_days(SiteRiskLevel from, SiteRiskLevel to)
    {
        var site = Guid.NewGuid();
        var decision = RiskTriggeredRule.OnChange(null, Change(site, from, to, Now), siteHasActiveInspection: false, Now);
        var plan = decision.Plan.ShouldNotBeNull();
        plan.Origin.ShouldBe(InspectionOrigin.RiskTriggered);
        plan.SiteIds.ShouldBe([site]);
        plan.ProvinceCode.ShouldBe("510000");
        plan.WindowStart.ShouldBe(Now);
        plan.WindowEnd.ShouldBe(Now.AddDays(14));
        plan.LeadDepartment.ShouldBe(Department.CulturalHeritage);
        plan.ParticipatingDepartments.ShouldNotContain(plan.LeadDepartment);
        decision.Memory.ShouldBe(new SiteRiskMemory(site, "510000", to, Now, Now, RiseOwed: false));
    }

    [Theory]
    [InlineData(SiteRiskLevel.Low, SiteRiskLevel.Medium)]
    [InlineData(SiteRiskLevel.High, SiteRiskLevel.High)]
    [InlineData(SiteRiskLevel.Critical, SiteRiskLevel.High)]
    [InlineData(SiteRiskLevel.High, SiteRiskLevel.Low)]
    public void Other_changes_plan_nothing_and_are_remembered(SiteRiskLevel from, SiteRiskLevel to)
    {
        var decision = RiskTriggeredRule.OnChange(null, Change(Guid.NewGuid(), from, to, Now), siteHasActiveInspection: false, Now);
        decision.Plan.ShouldBeNull();
        decision.Memory.Level.ShouldBe(to);
        decision.Memory.LatestRiseAt.ShouldBeNull();
    }

    [Fact]
    public void A_rise_while_the_site_has_a_planned_or_running_inspection_is_owed_instead_of_planned()
    {
        var decision = RiskTriggeredRule.OnChange(null, Change(Guid.NewGuid(), SiteRiskLevel.Medium, SiteRiskLevel.Critical, Now),
            siteHasActiveInspection: true, Now);
        decision.Plan.ShouldBeNull();
        decision.Memory.RiseOwed.ShouldBeTrue();
        decision.Memory.LatestRiseAt.ShouldBe(Now);
    }

    [Fact]
    public void A_redelivered_or_copied_rise_is_handled_once()
    {
        var site = Guid.NewGuid();
        var rise = Change(site, SiteRiskLevel.Low, SiteRiskLevel.Critical, Now);
        var first = RiskTriggeredRule.OnChange(null, rise, siteHasActiveInspection: false, Now);
        first.Plan.ShouldNotBeNull();

        // Even with no inspection left open (the planned one was cancelled), the same rise plans nothing again.
        var again = RiskTriggeredRule.OnChange(first.Memory, rise, siteHasActiveInspection: false, Now.AddHours(1));
        again.Plan.ShouldBeNull();
        again.Memory.ShouldBe(first.Memory);
    }

    [Fact]
    public void An_older_change_arriving_late_does_not_overwrite_the_newer_level()
    {
        var site = Guid.NewGuid();
        var fall = RiskTriggeredRule.OnChange(null, Change(site, SiteRiskLevel.Critical, SiteRiskLevel.Low, Now), false, Now);
        var late = RiskTriggeredRule.OnChange(fall.Memory, Change(site, SiteRiskLevel.Low, SiteRiskLevel.Medium, Now.AddMinutes(-5)), false, Now);
        late.Memory.Level.ShouldBe(SiteRiskLevel.Low);
        late.Memory.LevelChangedAt.ShouldBe(Now);
    }

    [Fact]
    public void Two_rises_plan_one_inspection_in_either_order()
    {
        var site = Guid.NewGuid();
        var intoHigh = Change(site, SiteRiskLevel.Low, SiteRiskLevel.High, Now);
        var intoCritical = Change(site, SiteRiskLevel.High, SiteRiskLevel.Critical, Now.AddMinutes(1));

        // In order: the first plans, the second finds that inspection PLANNED and is owed.
        var inOrder = RiskTriggeredRule.OnChange(null, intoHigh, false, Now);
        var thenCritical = RiskTriggeredRule.OnChange(inOrder.Memory, intoCritical, siteHasActiveInspection: true, Now);
        new[] { inOrder.Plan, thenCritical.Plan }.Count(p => p is not null).ShouldBe(1);
        // The planned inspection, started after both rises and completed, settles the owed one.
        RiskTriggeredRule.OnInspectionClosed(thenCritical.Memory, new InspectionClosing(true, Now.AddDays(1), false), Now.AddDays(2))
            .ShouldNotBeNull().Plan.ShouldBeNull();

        // Reversed: the newer plans, the older is overtaken and plans nothing even with no inspection open.
        var reversed = RiskTriggeredRule.OnChange(null, intoCritical, false, Now);
        var thenHigh = RiskTriggeredRule.OnChange(reversed.Memory, intoHigh, siteHasActiveInspection: false, Now);
        new[] { reversed.Plan, thenHigh.Plan }.Count(p => p is not null).ShouldBe(1);
        thenHigh.Memory.Level.ShouldBe(SiteRiskLevel.Critical);
        thenHigh.Memory.RiseOwed.ShouldBeFalse();
    }

    [Fact]
    public void Completing_the_inspection_that_held_a_rise_back_plans_the_follow_up()
    {
        var owed = Owed(SiteRiskLevel.Critical, riseAt: Now);
        var decision = RiskTriggeredRule.OnInspectionClosed(owed, new InspectionClosing(Completed: true, StartedAt: Now.AddHours(-2), false), Now.AddHours(1))
            .ShouldNotBeNull();
        var plan = decision.Plan.ShouldNotBeNull();
        plan.Origin.ShouldBe(InspectionOrigin.RiskTriggered);
        plan.SiteIds.ShouldBe([owed.SiteId]);
        plan.WindowStart.ShouldBe(Now.AddHours(1));
        plan.WindowEnd.ShouldBe(Now.AddHours(1).AddDays(14));
        plan.Title.ShouldContain("CRITICAL");
        decision.Memory.RiseOwed.ShouldBeFalse();
    }

    [Fact]
    public void Cancelling_the_inspection_that_held_a_rise_back_plans_the_follow_up_even_if_it_had_started_after_the_rise()
    {
        var owed = Owed(SiteRiskLevel.High, riseAt: Now);
        RiskTriggeredRule.OnInspectionClosed(owed, new InspectionClosing(Completed: false, StartedAt: Now.AddHours(1), false), Now.AddHours(2))
            .ShouldNotBeNull().Plan.ShouldNotBeNull();
        RiskTriggeredRule.OnInspectionClosed(owed, new InspectionClosing(Completed: false, StartedAt: null, false), Now.AddHours(2))
            .ShouldNotBeNull().Plan.ShouldNotBeNull();
    }

    [Fact]
    public void A_completed_inspection_that_started_after_the_rise_settles_it_without_a_follow_up()
    {
        var owed = Owed(SiteRiskLevel.Critical, riseAt: Now);
        var decision = RiskTriggeredRule.OnInspectionClosed(owed, new InspectionClosing(true, StartedAt: Now, SiteStillHasActiveInspection: true),
            Now.AddDays(1)).ShouldNotBeNull();
        decision.Plan.ShouldBeNull();
        decision.Memory.RiseOwed.ShouldBeFalse();
    }

    [Fact]
    public void While_another_inspection_of_the_site_is_open_the_rise_stays_owed()
    {
        var owed = Owed(SiteRiskLevel.Critical, riseAt: Now);
        RiskTriggeredRule.OnInspectionClosed(owed, new InspectionClosing(true, Now.AddHours(-1), SiteStillHasActiveInspection: true), Now.AddHours(1))
            .ShouldBeNull();
    }

    [Fact]
    public void A_site_that_fell_below_high_since_the_rise_gets_no_follow_up()
    {
        var site = Guid.NewGuid();
        var owed = RiskTriggeredRule.OnChange(null, Change(site, SiteRiskLevel.Low, SiteRiskLevel.Critical, Now), true, Now).Memory;
        var fallen = RiskTriggeredRule.OnChange(owed, Change(site, SiteRiskLevel.Critical, SiteRiskLevel.Medium, Now.AddHours(1)), true, Now).Memory;
        var decision = RiskTriggeredRule.OnInspectionClosed(fallen, new InspectionClosing(true, Now.AddHours(-1), false), Now.AddHours(2))
            .ShouldNotBeNull();
        decision.Plan.ShouldBeNull();
        decision.Memory.RiseOwed.ShouldBeFalse();
    }

    [Fact]
    public void Closing_an_inspection_of_a_site_that_owes_nothing_changes_nothing() =>
        RiskTriggeredRule.OnInspectionClosed(Owed(SiteRiskLevel.Critical, Now) with { RiseOwed = false },
            new InspectionClosing(true, Now.AddHours(-1), false), Now.AddHours(1)).ShouldBeNull();

    [Theory]
    [InlineData(InspectionState.Planned, true)]
    [InlineData(InspectionState.InProgress, true)]
    [InlineData(InspectionState.Completed, false)]
    [InlineData(InspectionState.Cancelled, false)]
    public void Only_planned_and_running_inspections_hold_the_rule_back(InspectionState state, bool active) =>
        RiskTriggeredRule.IsActive(state).ShouldBe(active);

    private static SiteRiskChange Change(Guid site, SiteRiskLevel from, SiteRiskLevel to, DateTimeOffset at) => new(site, "510000", from, to, at);

    private static SiteRiskMemory Owed(SiteRiskLevel level, DateTimeOffset riseAt) =>
        new(Guid.NewGuid(), "510000", level, riseAt, riseAt, RiseOwed: true);
}
