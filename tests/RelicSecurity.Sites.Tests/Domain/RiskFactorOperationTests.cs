using RelicSecurity.Sites.Domain;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Domain;

public sealed class RiskFactorOperationTests
{
    [Fact]
    public void Opening_a_case_for_a_site_adds_three_points()
    {
        var factors = RiskFactors.None.CaseOpened();

        factors.OpenCases.ShouldBe(1);
        RiskRule.Assess(factors).ShouldBe(new RiskAssessment(3, SiteRiskLevel.Medium));
    }

    [Fact]
    public void Closing_or_dropping_a_case_removes_its_points()
    {
        RiskFactors.None.CaseOpened().CaseOpened().CaseClosed().OpenCases.ShouldBe(1);
    }

    [Fact]
    public void Closing_more_cases_than_were_open_stops_at_zero()
    {
        RiskFactors.None.CaseClosed().OpenCases.ShouldBe(0);
    }

    [Theory]
    [InlineData(HazardSeverity.Low, 1)]
    [InlineData(HazardSeverity.Medium, 2)]
    [InlineData(HazardSeverity.High, 4)]
    [InlineData(HazardSeverity.Critical, 8)]
    public void Recording_a_hazard_adds_the_weight_of_its_severity(HazardSeverity severity, int weight)
    {
        RiskRule.Score(RiskFactors.None.HazardRecorded(severity)).ShouldBe(weight);
    }

    [Theory]
    [InlineData(HazardSeverity.Low)]
    [InlineData(HazardSeverity.Medium)]
    [InlineData(HazardSeverity.High)]
    [InlineData(HazardSeverity.Critical)]
    public void Verifying_a_hazards_rectification_closes_it(HazardSeverity severity)
    {
        var factors = RiskFactors.None.HazardRecorded(severity).HazardVerified(severity, wasOverdue: false);

        factors.ShouldBe(RiskFactors.None);
    }

    [Fact]
    public void A_verified_hazard_of_another_severity_leaves_the_open_one_open()
    {
        var factors = RiskFactors.None.HazardRecorded(HazardSeverity.Critical).HazardVerified(HazardSeverity.Low, wasOverdue: false);

        factors.OpenHazardsCritical.ShouldBe(1);
        factors.OpenHazardsLow.ShouldBe(0);
    }

    [Fact]
    public void An_overdue_rectification_adds_four_points_on_top_of_its_hazard()
    {
        var factors = RiskFactors.None.HazardRecorded(HazardSeverity.High).RectificationOverdue();

        RiskRule.Assess(factors).ShouldBe(new RiskAssessment(8, SiteRiskLevel.High));
    }

    [Fact]
    public void Verifying_an_overdue_rectification_closes_both_the_hazard_and_the_overdue_order()
    {
        var factors = RiskFactors.None.HazardRecorded(HazardSeverity.High).RectificationOverdue()
            .HazardVerified(HazardSeverity.High, wasOverdue: true);

        factors.ShouldBe(RiskFactors.None);
    }

    [Fact]
    public void A_critical_hazard_with_one_missing_facility_and_an_open_case_is_critical()
    {
        var factors = RiskFactors.ForFacilities(new SecurityFacilitySet(true, true, false, true))
            .HazardRecorded(HazardSeverity.Critical)
            .CaseOpened();

        RiskRule.Assess(factors).ShouldBe(new RiskAssessment(12, SiteRiskLevel.Critical));
    }
}
