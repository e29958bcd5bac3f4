using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Service;

/// <summary>The Inspections events reach the real Sites service: a hazard opens and closes, an inspection dates the site.</summary>
[Collection("servers")]
public sealed class SiteRiskReactionTests(LocalServersFixture servers)
{
    private const string Shaanxi = "610000";

    [Fact]
    public async Task A_high_hazard_raises_the_sites_risk_until_its_rectification_is_verified_as_passed()
    {
        await using var suite = await SuiteUnderTest.StartAsync(servers);
        var siteId = await suite.RegisterSiteAsync(Shaanxi);
        var sites = suite.Sites(TestTokens.National());
        var client = suite.Inspections(TestTokens.National());
        var planned = await client.PlanInspectionAsync(Requests.Plan(Shaanxi, siteId));
        await client.StartInspectionAsync(new StartInspectionRequest { InspectionId = planned.InspectionId });
        var finding = await client.RecordFindingAsync(Requests.Finding(planned.InspectionId, siteId, severity: Severity.High));
        var completed = await client.CompleteInspectionAsync(new CompleteInspectionRequest { InspectionId = planned.InspectionId });

        var raised = await Eventually.ReturnsAsync(() => sites.GetSiteAsync(new GetSiteRequest { SiteId = siteId }).ResponseAsync,
            site => site.RiskFactors.OpenHazardsHigh == 1 && site.LastInspectedAt is not null, TimeSpan.FromSeconds(30),
            "Sites counts the open HIGH hazard and the inspection");
        raised.LastInspectedAt.ShouldBe(completed.UpdatedAt);

        var order = await client.IssueRectificationAsync(Requests.Order(finding.FindingId, DateTimeOffset.UtcNow.AddDays(7)));
        await client.VerifyRectificationAsync(new VerifyRectificationRequest { OrderId = order.OrderId, Passed = false, Note = "not yet" });
        var retry = await client.IssueRectificationAsync(Requests.Order(finding.FindingId, DateTimeOffset.UtcNow.AddDays(7)));
        await client.VerifyRectificationAsync(new VerifyRectificationRequest { OrderId = retry.OrderId, Passed = true, Note = "alarm repaired" });

        var closed = await Eventually.ReturnsAsync(() => sites.GetSiteAsync(new GetSiteRequest { SiteId = siteId }).ResponseAsync,
            site => site.RiskFactors.OpenHazardsHigh == 0, TimeSpan.FromSeconds(30), "the hazard closes once a verification passed");
        closed.RiskScore.ShouldBeLessThan(raised.RiskScore);
    }
}
