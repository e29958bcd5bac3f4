using RelicSecurity.Sites.Domain;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Domain;

public sealed class RiskRuleTests
{
    [Fact]
    public void A_site_with_no_open_matters_and_all_facilities_scores_zero_and_is_low()
    {
        var risk = RiskRule.Assess(RiskFactors.None);

        risk.ShouldBe(new RiskAssessment(0, SiteRiskLevel.Low));
    }

    [Theory]
    [InlineData("open_cases", 3)]
    [InlineData("open_hazards_low", 1)]
    [InlineData("open_hazards_medium", 2)]
    [InlineData("open_hazards_high", 4)]
    [InlineData("open_hazards_critical", 8)]
    [InlineData("overdue_rectifications", 4)]
    [InlineData("missing_facilities", 1)]
    public void Each_factor_adds_its_weight_per_unit(string factor, int weight)
    {
        RiskRule.Score(One(factor, 1)).ShouldBe(weight);
        RiskRule.Score(One(factor, 2)).ShouldBe(2 * weight);
    }

    [Fact]
    public void The_score_is_the_weighted_sum_of_all_factors()
    {
        var factors = new RiskFactors(OpenCases: 1, OpenHazardsLow: 2, OpenHazardsMedium: 1, OpenHazardsHigh: 1,
            OpenHazardsCritical: 1, OverdueRectifications: 1, MissingFacilities: 3);

        RiskRule.Score(factors).ShouldBe(3 + 2 + 2 + 4 + 8 + 4 + 3);
    }

    [Theory]
    [InlineData(0, SiteRiskLevel.Low)]
    [InlineData(2, SiteRiskLevel.Low)]
    [InlineData(3, SiteRiskLevel.Medium)]
    [InlineData(5, SiteRiskLevel.Medium)]
    [InlineData(6, SiteRiskLevel.High)]
    [InlineData(9, SiteRiskLevel.High)]
    [InlineData(10, SiteRiskLevel.Critical)]
    [InlineData(57, SiteRiskLevel.Critical)]
    public void Levels_change_exactly_at_their_boundaries(int score, SiteRiskLevel level)
    {
        RiskRule.LevelOf(score).ShouldBe(level);
    }

    [Theory]
    [InlineData(SiteRiskLevel.Low, 0)]
    [InlineData(SiteRiskLevel.Medium, 3)]
    [InlineData(SiteRiskLevel.High, 6)]
    [InlineData(SiteRiskLevel.Critical, 10)]
    public void The_lowest_score_of_each_level_falls_in_that_level(SiteRiskLevel level, int lowest)
    {
        RiskRule.LowestScoreOf(level).ShouldBe(lowest);
        RiskRule.LevelOf(lowest).ShouldBe(level);
    }

    [Fact]
    public void Missing_facilities_count_the_false_flags()
    {
        new SecurityFacilitySet(true, true, true, true).MissingCount.ShouldBe(0);
        new SecurityFacilitySet(true, false, true, false).MissingCount.ShouldBe(2);
        SecurityFacilitySet.None.MissingCount.ShouldBe(4);
    }

    [Fact]
    public void A_new_site_without_any_facility_is_medium_risk()
    {
        RiskRule.Assess(RiskFactors.ForFacilities(SecurityFacilitySet.None)).ShouldBe(new RiskAssessment(4, SiteRiskLevel.Medium));
    }

    [Fact]
    public void Removing_facilities_raises_the_score_and_reports_the_change()
    {
        var before = RiskFactors.ForFacilities(new SecurityFacilitySet(true, true, true, true));
        var after = before.WithFacilities(new SecurityFacilitySet(false, false, false, true));

        var change = RiskRule.Compare(before, after, "security facilities changed");

        change.ShouldNotBeNull();
        change.Before.ShouldBe(new RiskAssessment(0, SiteRiskLevel.Low));
        change.After.ShouldBe(new RiskAssessment(3, SiteRiskLevel.Medium));
        change.LevelChanged.ShouldBeTrue();
        change.Reason.ShouldBe("security facilities changed");
    }

    [Fact]
    public void A_move_that_keeps_the_score_is_no_change()
    {
        var factors = RiskFactors.None.CaseOpened();

        RiskRule.Compare(factors, factors with { }, "nothing").ShouldBeNull();
    }

    [Fact]
    public void A_score_change_within_a_level_is_a_change_without_a_level_change()
    {
        var change = RiskRule.Compare(RiskFactors.None, RiskFactors.None.HazardRecorded(HazardSeverity.Low), "hazard recorded");

        change.ShouldNotBeNull();
        change.LevelChanged.ShouldBeFalse();
        change.After.Score.ShouldBe(1);
    }

    private static RiskFactors One(string factor, int count) => factor switch
    {
        "open_cases" => RiskFactors.None with { OpenCases = count },
        "open_hazards_low" => RiskFactors.None with { OpenHazardsLow = count },
        "open_hazards_medium" => RiskFactors.None with { OpenHazardsMedium = count },
        "open_hazards_high" => RiskFactors.None with { OpenHazardsHigh = count },
        "open_hazards_critical" => RiskFactors.None with { OpenHazardsCritical = count },
        "overdue_rectifications" => RiskFactors.None with { OverdueRectifications = count },
        "missing_facilities" => RiskFactors.None with { MissingFacilities = count },
        _ => throw new ArgumentOutOfRangeException(nameof(factor)),
    };
}
