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
        var plan = RiskTriggeredRule.Decide(new SiteRiskRise(site, "510000", from, to), siteHasActiveInspection: false, Now).ShouldNotBeNull();
        plan.Origin.ShouldBe(InspectionOrigin.RiskTriggered);
        plan.SiteIds.ShouldBe([site]);
        plan.ProvinceCode.ShouldBe("510000");
        plan.WindowStart.ShouldBe(Now);
        plan.WindowEnd.ShouldBe(Now.AddDays(14));
        plan.LeadDepartment.ShouldBe(Department.CulturalHeritage);
        plan.ParticipatingDepartments.ShouldNotContain(plan.LeadDepartment);
    }

    [Theory]
    [InlineData(SiteRiskLevel.Low, SiteRiskLevel.Medium)]
    [InlineData(SiteRiskLevel.High, SiteRiskLevel.High)]
    [InlineData(SiteRiskLevel.Critical, SiteRiskLevel.High)]
    [InlineData(SiteRiskLevel.High, SiteRiskLevel.Low)]
    public void Other_changes_plan_nothing(SiteRiskLevel from, SiteRiskLevel to) =>
        RiskTriggeredRule.Decide(new SiteRiskRise(Guid.NewGuid(), "510000", from, to), siteHasActiveInspection: false, Now).ShouldBeNull();

    [Fact]
    public void A_site_with_a_planned_or_running_inspection_gets_no_second_one() =>
        RiskTriggeredRule.Decide(new SiteRiskRise(Guid.NewGuid(), "510000", SiteRiskLevel.Medium, SiteRiskLevel.Critical),
            siteHasActiveInspection: true, Now).ShouldBeNull();

    [Theory]
    [InlineData(InspectionState.Planned, true)]
    [InlineData(InspectionState.InProgress, true)]
    [InlineData(InspectionState.Completed, false)]
    [InlineData(InspectionState.Cancelled, false)]
    public void Only_planned_and_running_inspections_hold_the_rule_back(InspectionState state, bool active) =>
        RiskTriggeredRule.IsActive(state).ShouldBe(active);
}
