using RelicSecurity.Sites.Domain;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Domain;

public sealed class RiskInputsTests
{
    [Fact]
    public void Counted_inputs_replace_the_reported_factors_and_keep_the_sites_own_facilities()
    {
        var before = new RiskFactors(5, 5, 5, 5, 5, 5, MissingFacilities: 2);

        var after = new RiskInputs(1, 0, 1, 0, 1, 1, null).ApplyTo(before);

        after.ShouldBe(new RiskFactors(1, 0, 1, 0, 1, 1, 2));
        RiskRule.Assess(after).ShouldBe(new RiskAssessment(3 + 2 + 8 + 4 + 2, SiteRiskLevel.Critical));
    }

    [Theory]
    [InlineData("REPORTED", true)]
    [InlineData("JUDGMENT_EFFECTIVE", true)]
    [InlineData("CLOSED", false)]
    [InlineData("DROPPED", false)]
    public void A_case_counts_as_open_until_closed_or_dropped(string stage, bool open) =>
        ReportedStates.CaseCountsAsOpen(stage).ShouldBe(open);

    [Fact]
    public void Severities_are_read_by_their_event_names_and_unknown_ones_are_not_guessed()
    {
        ReportedStates.SeverityOf("CRITICAL").ShouldBe(HazardSeverity.Critical);
        ReportedStates.SeverityOf("LOW").ShouldBe(HazardSeverity.Low);
        ReportedStates.SeverityOf("SEVERE").ShouldBeNull();
    }
}
