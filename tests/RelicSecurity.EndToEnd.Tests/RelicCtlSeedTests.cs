using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using RelicSecurity.Cli;
using RelicSecurity.Cli.Seed;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary><c>relicctl seed</c> through the real gateway and Sites service.</summary>
[Collection("servers")]
public sealed class RelicCtlSeedTests(LocalServersFixture servers) : IAsyncLifetime
{
    private WebApplication _sites = null!;
    private WebApplication _gateway = null!;

    public async Task InitializeAsync()
    {
        _sites = await SuiteHosts.StartSitesAsync(servers);
        _gateway = await SuiteHosts.StartGatewayAsync(_sites.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
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
        again.Output.ShouldContain("imported 0, already there 5,000, rejected 0");

        using var channel = GrpcChannel.ForAddress(gateway);
        var client = new SiteService.SiteServiceClient(channel.WithToken(TestTokens.National()));
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
}
