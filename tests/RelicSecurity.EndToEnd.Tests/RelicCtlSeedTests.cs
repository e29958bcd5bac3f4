using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using RelicSecurity.Cli;
using RelicSecurity.Cli.Seed;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Grpc;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary><c>relicctl seed</c> through the real gateway and Sites service.</summary>
[Collection("servers")]
public sealed class RelicCtlSeedTests(LocalServersFixture servers) : IAsyncLifetime
{
    private WebApplication _sites = null!;
    private WebApplication _cases = null!;
    private WebApplication _inspections = null!;
    private WebApplication _gateway = null!;

    public async Task InitializeAsync()
    {
        _sites = await SuiteHosts.StartSitesAsync(servers);
        _cases = await SuiteHosts.StartCasesAsync(servers, _sites.Urls.Single());
        _inspections = await SuiteHosts.StartInspectionsAsync(servers, _sites.Urls.Single());
        _gateway = await SuiteHosts.StartGatewayAsync(_sites.Urls.Single(), _inspections.Urls.Single(),
            new Dictionary<string, string?> { ["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = _cases.Urls.Single() });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _inspections.DisposeAsync();
        await _cases.DisposeAsync();
        await _sites.DisposeAsync();
    }

    [Fact]
    public async Task Small_seed_loads_every_province_in_the_survey_mix_and_a_repeat_creates_nothing()
    {
        var gateway = _gateway.Urls.Single();

        var first = await RelicCtl.RunAsync(gateway, "seed", "--scale", "small", "--seed", "7");
        var again = await RelicCtl.RunAsync(gateway, "seed", "--scale", "small", "--seed", "7");

        first.ExitCode.ShouldBe(ExitCodes.Ok, first.ToString());
        first.Output.ShouldContain("seeded 31 provinces, 5,000 sites (small, seed 7): imported 5,000, already there 0, rejected 0");
        again.ExitCode.ShouldBe(ExitCodes.Ok, again.ToString());
        again.Output.ShouldContain("imported 0, already there 5,000, rejected 0");

        // The seed spent this caller's budget at the gateway: the checks below wait the pushback it names, as relicctl does.
        using var channel = GrpcChannel.ForAddress(gateway, new GrpcChannelOptions { ServiceConfig = RateLimitedRetry.ServiceConfig() });
        var client = new SiteService.SiteServiceClient(channel.WithToken(TestTokens.National()));
        await ExpectCasesAndInspectionsOfSeedAsync(channel, first, again);
        var expected = new SeedSites("small", SurveyMix.SmallTotal, 7);
        for (var i = 0; i < Provinces.All.Count; i++)
        {
            var page = await client.ListSitesAsync(new ListSitesRequest { ProvinceCode = Provinces.All[i].Code, PageSize = 1 });
            page.TotalSize.ShouldBe(expected.ProvinceCounts[i], Provinces.All[i].EnglishName);
            page.TotalSize.ShouldBeGreaterThan(0);
        }

        var byCategory = SurveyMix.Apportion(SurveyMix.SmallTotal, [.. SurveyMix.Categories.Select(category => (double)category.Count)]);
        for (var i = 0; i < SurveyMix.Categories.Count; i++)
        {
            var page = await client.ListSitesAsync(new ListSitesRequest { Category = SurveyMix.Categories[i].Category, PageSize = 1 });
            page.TotalSize.ShouldBe(byCategory[i], SurveyMix.Categories[i].Category.ToString());
        }
    }

    /// <summary>
    /// The records the plans of seed 7 call for are there once, whichever run made them. Cases and inspections may also be
    /// opened by the suite's reactions to seeded findings and risks, so their totals are at least the seeded ones; relics,
    /// rectification orders and national supervision come from the seed alone and must match exactly.
    /// </summary>
    private static async Task ExpectCasesAndInspectionsOfSeedAsync(GrpcChannel channel, RelicCtlRun first, RelicCtlRun again)
    {
        var plans = new SeedPlans("small", SurveyMix.SmallTotal, 7, TimeProvider.System.GetUtcNow());
        var cases = Enumerable.Range(0, plans.CaseCount).Select(plans.Case).ToList();
        var inspections = Enumerable.Range(0, plans.InspectionCount).Select(plans.Inspection).ToList();
        var relics = cases.SelectMany(plan => plan.Relics).ToList();
        var orders = inspections.Where(plan => plan.Reaches == InspectionState.Completed).SelectMany(plan => plan.Findings).Where(finding => finding.Ordered).ToList();
        var summary = $"seeded {plans.CaseCount:N0} cases ({cases.Count(plan => plan.Joins is not null):N0} joint, " +
            $"{cases.Count(plan => plan.Supervision != Supervision.None):N0} supervised), {relics.Count:N0} relics " +
            $"({relics.Count(relic => relic.Custody.Count == 0):N0} stolen, {relics.Count(relic => relic.Custody.Contains(CustodyEventKind.HandedOver)):N0} handed over), " +
            $"{plans.InspectionCount:N0} inspections with {inspections.Sum(plan => plan.Findings.Count):N0} findings, {orders.Count:N0} rectification orders " +
            $"({orders.Count(order => order.Verified):N0} verified), refused 0";

        first.Output.ShouldContain(summary, Shouldly.Case.Sensitive, first.ToString());
        again.Output.ShouldContain(summary, Shouldly.Case.Sensitive, again.ToString());
        plans.CaseCount.ShouldBeInRange(250, 400);
        relics.Count.ShouldBeInRange(800, 1_300);
        relics.Count(relic => relic.Custody.Count == 0).ShouldBeGreaterThan(0);
        relics.Count(relic => relic.Custody.Count > 0).ShouldBeGreaterThan(0);
        orders.Count(order => order.Verified).ShouldBeGreaterThan(0);
        orders.Count(order => !order.Verified && order.DeadlineDays < 7).ShouldBeGreaterThan(0);

        var caseClient = new CaseService.CaseServiceClient(channel.WithToken(TestTokens.National()));
        var inspectionClient = new InspectionService.InspectionServiceClient(channel.WithToken(TestTokens.National()));
        (await caseClient.ListCasesAsync(new ListCasesRequest { PageSize = 1 })).TotalSize.ShouldBeGreaterThanOrEqualTo(plans.CaseCount);
        (await caseClient.ListCasesAsync(new ListCasesRequest { Supervision = Supervision.National, PageSize = 1 })).TotalSize
            .ShouldBe(cases.Count(plan => plan.Supervision == Supervision.National));
        (await caseClient.ListCasesAsync(new ListCasesRequest { Stage = CaseStage.Closed, PageSize = 1 })).TotalSize
            .ShouldBe(cases.Count(plan => plan.Stage == CaseStage.Closed));
        (await caseClient.ListRelicsAsync(new ListRelicsRequest { PageSize = 1 })).TotalSize.ShouldBe(relics.Count);
        (await caseClient.ListRelicsAsync(new ListRelicsRequest { Status = RelicStatus.Stolen, PageSize = 1 })).TotalSize
            .ShouldBe(relics.Count(relic => relic.Custody.Count == 0));
        (await inspectionClient.ListInspectionsAsync(new ListInspectionsRequest { PageSize = 1 })).TotalSize.ShouldBeGreaterThanOrEqualTo(plans.InspectionCount);
        (await inspectionClient.ListRectificationsAsync(new ListRectificationsRequest { PageSize = 1 })).TotalSize.ShouldBe(orders.Count);
        (await inspectionClient.ListRectificationsAsync(new ListRectificationsRequest { State = RectificationState.Verified, PageSize = 1 })).TotalSize
            .ShouldBe(orders.Count(order => order.Verified));
    }
}
