using RelicSecurity.Cases.Domain;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Domain;

public sealed class IllegalExcavationRuleTests
{
    private static readonly DateTimeOffset RecordedAt = new(2026, 11, 20, 1, 30, 0, TimeSpan.Zero);
    private static readonly string SiteId = Guid.NewGuid().ToString();

    private static ReportedFinding Finding(string category = "SIGNS_OF_ILLEGAL_EXCAVATION", string siteId = "", string province = "610000",
        string description = "盗洞两处，洞口新土") =>
        new("f-1", "i-1", siteId.Length == 0 ? SiteId : siteId, province, category, "HIGH", description, "inspector-7", RecordedAt);

    [Fact]
    public void Signs_of_illegal_excavation_open_a_reported_case_for_the_site_led_by_public_security()
    {
        var opened = IllegalExcavationRule.CaseFor(Finding()).ShouldNotBeNull();

        opened.Type.ShouldBe(CaseType.IllegalExcavation);
        opened.LeadAgency.ShouldBe(Agency.PublicSecurity);
        opened.LeadProvinceCode.ShouldBe("610000");
        opened.SiteIds.ShouldBe([SiteId]);
        opened.OccurredAt.ShouldBe(RecordedAt);
        opened.Title.ShouldContain("illegal excavation");
        opened.Summary.ShouldContain("盗洞两处，洞口新土");
        opened.Summary.ShouldContain("finding f-1 of inspection i-1");
    }

    [Theory]
    [InlineData("SECURITY_FACILITY")]
    [InlineData("FIRE_SAFETY")]
    [InlineData("STRUCTURAL")]
    [InlineData("STAFFING_AND_PATROL")]
    [InlineData("UNLICENSED_CONSTRUCTION")]
    [InlineData("OTHER")]
    [InlineData("signs_of_illegal_excavation")]
    public void Findings_of_other_categories_open_no_case(string category) =>
        IllegalExcavationRule.CaseFor(Finding(category)).ShouldBeNull();

    [Theory]
    [InlineData("not-a-site", "610000")]
    [InlineData("", "999999")]
    [InlineData("", "")]
    public void A_finding_without_a_usable_site_or_province_opens_no_case(string siteId, string province) =>
        IllegalExcavationRule.CaseFor(Finding(siteId: siteId.Length == 0 ? SiteId : siteId, province: province)).ShouldBeNull();

    [Fact]
    public void The_request_id_depends_on_the_finding_alone()
    {
        IllegalExcavationRule.RequestIdOf("f-1").ShouldBe(IllegalExcavationRule.RequestIdOf("f-1"));
        IllegalExcavationRule.RequestIdOf("f-1").ShouldNotBe(IllegalExcavationRule.RequestIdOf("f-2"));
        IllegalExcavationRule.RequestIdOf(Guid.NewGuid().ToString()).Length.ShouldBeLessThanOrEqualTo(200);
    }

    [Fact]
    public void A_long_description_is_clipped_to_the_summary_limit() =>
        IllegalExcavationRule.CaseFor(Finding(description: new string('土', 30_000))).ShouldNotBeNull().Summary.Length.ShouldBe(20_000);
}
