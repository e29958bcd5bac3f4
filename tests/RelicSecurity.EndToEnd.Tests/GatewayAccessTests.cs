using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>Identity and access as an external system meets it: through the gateway, in front of the real Sites service.</summary>
[Collection("servers")]
public sealed class GatewayAccessTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const string Zhejiang = "330000";
    private const string Sichuan = "510000";

    private Microsoft.AspNetCore.Builder.WebApplication _sites = null!;
    private Microsoft.AspNetCore.Builder.WebApplication _gateway = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _sites = await SuiteHosts.StartSitesAsync(servers);
        _gateway = await SuiteHosts.StartGatewayAsync(_sites.Urls.Single());
        _channel = GrpcChannel.ForAddress(_gateway.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _gateway.DisposeAsync();
        await _sites.DisposeAsync();
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "none", "" },
        { "expired", TestTokens.Expired() },
        { "wrong signature", TestTokens.WrongSignature() },
        { "wrong issuer", TestTokens.WrongIssuer() },
        { "wrong audience", TestTokens.WrongAudience() },
        { "alg none", TestTokens.Unsigned() },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_call_through_the_gateway_without_a_valid_token_is_unauthenticated(string kind, string token)
    {
        var client = token.Length == 0 ? new SiteService.SiteServiceClient(_channel) : Client(token);

        var unary = await Should.ThrowAsync<RpcException>(() => client.ListSitesAsync(new ListSitesRequest()).ResponseAsync);
        using var watch = client.WatchSiteRisk(new WatchSiteRiskRequest());
        var streaming = await Should.ThrowAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));

        unary.StatusCode.ShouldBe(StatusCode.Unauthenticated, kind);
        streaming.StatusCode.ShouldBe(StatusCode.Unauthenticated, kind);
    }

    [Fact]
    public async Task A_valid_token_without_the_needed_scope_is_permission_denied_through_the_gateway()
    {
        var readOnly = Client(TestTokens.Integration(SuiteScopes.SitesRead));
        var casesOnly = Client(TestTokens.Integration(SuiteScopes.CasesRead));

        var write = await Should.ThrowAsync<RpcException>(() => readOnly.RegisterSiteAsync(new RegisterSiteRequest
        {
            Site = Site(Zhejiang, "无权"), RequestId = "scope",
        }).ResponseAsync);
        var read = await Should.ThrowAsync<RpcException>(() => casesOnly.ListSitesAsync(new ListSitesRequest()).ResponseAsync);
        var allowed = await readOnly.ListSitesAsync(new ListSitesRequest());

        write.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        read.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        allowed.ShouldNotBeNull();
    }

    [Fact]
    public async Task Another_provinces_team_never_receives_a_site_through_the_gateway()
    {
        var national = Client(TestTokens.National());
        var sichuan = await national.RegisterSiteAsync(new RegisterSiteRequest { Site = Site(Sichuan, "三星堆遗址"), RequestId = "sc" });
        var zhejiang = await national.RegisterSiteAsync(new RegisterSiteRequest { Site = Site(Zhejiang, "良渚古城遗址"), RequestId = "zj" });
        var team = Client(TestTokens.Provincial(Zhejiang));
        var claimed = sichuan.Clone();
        claimed.ProvinceCode = Zhejiang;

        // Every method that takes a site id.
        var get = await Should.ThrowAsync<RpcException>(() => team.GetSiteAsync(new GetSiteRequest { SiteId = sichuan.SiteId }).ResponseAsync);
        var update = await Should.ThrowAsync<RpcException>(() => team.UpdateSiteAsync(
            new UpdateSiteRequest { Site = claimed, ExpectedVersion = sichuan.Version }).ResponseAsync);
        var batch = await team.BatchGetSitesAsync(new BatchGetSitesRequest { SiteIds = { sichuan.SiteId, zhejiang.SiteId } });
        // And every list.
        var list = await team.ListSitesAsync(new ListSitesRequest { PageSize = 500 });
        var nearby = await team.SearchSitesNearbyAsync(new SearchSitesNearbyRequest { Latitude = 30.5, Longitude = 112, RadiusKm = 2_000, Limit = 500 });

        get.StatusCode.ShouldBe(StatusCode.NotFound);
        update.StatusCode.ShouldBe(StatusCode.NotFound);
        batch.Sites.Select(s => s.SiteId).ShouldBe([zhejiang.SiteId]);
        list.Sites.ShouldAllBe(s => s.ProvinceCode == Zhejiang);
        list.Sites.Select(s => s.SiteId).ShouldContain(zhejiang.SiteId);
        nearby.Sites.ShouldAllBe(s => s.ProvinceCode == Zhejiang);
        nearby.Sites.Select(s => s.SiteId).ShouldContain(zhejiang.SiteId);
        (await national.GetSiteAsync(new GetSiteRequest { SiteId = sichuan.SiteId })).ShouldBe(sichuan);
    }

    [Fact]
    public async Task A_provincial_risk_watch_through_the_gateway_yields_only_its_province()
    {
        var national = Client(TestTokens.National());
        var sichuan = await national.RegisterSiteAsync(new RegisterSiteRequest { Site = Site(Sichuan, "金沙遗址"), RequestId = "w-sc" });
        var zhejiang = await national.RegisterSiteAsync(new RegisterSiteRequest { Site = Site(Zhejiang, "河姆渡遗址"), RequestId = "w-zj" });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = Client(TestTokens.Provincial(Zhejiang)).WatchSiteRisk(new WatchSiteRiskRequest(), cancellationToken: cancel.Token);
        await watch.ResponseHeadersAsync;
        await SuiteHosts.WaitForWatchersAsync(_sites, 1, cancel.Token);

        // The other province changes first; the first update the team sees must be its own.
        await national.UpdateSiteAsync(new UpdateSiteRequest { Site = WithoutCctv(sichuan), ExpectedVersion = sichuan.Version });
        await national.UpdateSiteAsync(new UpdateSiteRequest { Site = WithoutCctv(zhejiang), ExpectedVersion = zhejiang.Version });

        (await watch.ResponseStream.MoveNext(cancel.Token)).ShouldBeTrue();
        watch.ResponseStream.Current.SiteId.ShouldBe(zhejiang.SiteId);
        watch.ResponseStream.Current.ProvinceCode.ShouldBe(Zhejiang);
    }

    [Fact]
    public async Task A_valid_token_is_cached_at_the_gateway_and_at_the_service_and_a_refused_one_nowhere()
    {
        var gatewayCache = TokenCache(_gateway);
        var sitesCache = TokenCache(_sites);
        var (gatewayBefore, sitesBefore) = (gatewayCache.Count, sitesCache.Count);

        await Client(TestTokens.National("cached-caller")).ListSitesAsync(new ListSitesRequest());
        await Should.ThrowAsync<RpcException>(() => Client(TestTokens.WrongSignature()).ListSitesAsync(new ListSitesRequest()).ResponseAsync);
        await Should.ThrowAsync<RpcException>(() => Client(TestTokens.Expired()).ListSitesAsync(new ListSitesRequest()).ResponseAsync);

        gatewayCache.Count.ShouldBe(gatewayBefore + 1);
        sitesCache.Count.ShouldBe(sitesBefore + 1);
    }

    private static ValidatedTokenCache TokenCache(Microsoft.AspNetCore.Builder.WebApplication host) =>
        host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme)
            .TokenHandlers.OfType<CachingJsonWebTokenHandler>().Single().Cache;

    private SiteService.SiteServiceClient Client(string token) => new(_channel.WithToken(token));

    private static Site WithoutCctv(Site site)
    {
        var change = site.Clone();
        change.Facilities.Cctv = false;
        return change;
    }

    private static Site Site(string province, string name) => new()
    {
        Name = name, ProvinceCode = province, County = "县", Category = SiteCategory.AncientSite,
        ProtectionLevel = ProtectionLevel.National, Latitude = province == Sichuan ? 30.99 : 30.39, Longitude = province == Sichuan ? 104.2 : 119.99,
        CustodianUnit = "文物保护管理所", ResponsiblePerson = "李文", ResponsiblePhone = "0571 0000 0000",
        Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
    };
}
