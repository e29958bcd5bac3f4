using Grpc.Core;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Service;

/// <summary>
/// Who may do what to which site, called directly on the service (no gateway in front): tokens are
/// validated here, every method needs its scope, and a provincial team only ever touches its own province.
/// </summary>
[Collection("servers")]
public sealed class SiteAccessTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const string Zhejiang = "330000";
    private const string Sichuan = "510000";

    private SitesServiceHost _host = null!;
    private Site _zhejiangSite = null!;
    private Site _sichuanSite = null!;

    private SiteService.SiteServiceClient Zhejiang330000 => _host.ClientFor(TestTokens.Provincial(Zhejiang));

    public async Task InitializeAsync()
    {
        _host = await SitesServiceHost.StartAsync(servers);
        _zhejiangSite = await _host.Client.RegisterSiteAsync(new RegisterSiteRequest
        {
            Site = SampleSites.Valid(name: "良渚古城遗址", province: Zhejiang, latitude: 30.39, longitude: 119.99), RequestId = "zj",
        });
        _sichuanSite = await _host.Client.RegisterSiteAsync(new RegisterSiteRequest
        {
            Site = SampleSites.Valid(name: "三星堆遗址", province: Sichuan, latitude: 30.99, longitude: 104.20), RequestId = "sc",
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "none", "" },
        { "expired", TestTokens.Expired() },
        { "wrong signature", TestTokens.WrongSignature() },
        { "wrong issuer", TestTokens.WrongIssuer() },
        { "wrong audience", TestTokens.WrongAudience() },
        { "alg none", TestTokens.Unsigned() },
        { "not a token", "not.a.jwt" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_direct_call_without_a_valid_token_is_unauthenticated(string kind, string token)
    {
        var client = token.Length == 0 ? _host.Anonymous : _host.ClientFor(token);

        var error = await Should.ThrowAsync<RpcException>(() => client.GetSiteAsync(new GetSiteRequest { SiteId = _zhejiangSite.SiteId }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Unauthenticated, kind);
    }

    [Fact]
    public async Task A_token_without_the_write_scope_may_read_but_not_write()
    {
        var reader = _host.ClientFor(TestTokens.Integration(SuiteScopes.SitesRead));

        var read = await reader.GetSiteAsync(new GetSiteRequest { SiteId = _sichuanSite.SiteId });
        var error = await Should.ThrowAsync<RpcException>(() => reader.RegisterSiteAsync(new RegisterSiteRequest
        {
            Site = SampleSites.Valid(province: Sichuan), RequestId = "no-scope",
        }).ResponseAsync);

        read.SiteId.ShouldBe(_sichuanSite.SiteId);
        error.StatusCode.ShouldBe(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task A_provincial_token_without_a_province_may_do_nothing()
    {
        var client = _host.ClientFor(TestTokens.Issue(new SuiteTokenClaims("lost", SuiteRoles.Provincial, null, [SuiteScopes.SitesRead])));

        var error = await Should.ThrowAsync<RpcException>(() => client.ListSitesAsync(new ListSitesRequest()).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task Another_provinces_site_is_not_found_for_a_provincial_team()
    {
        var error = await Should.ThrowAsync<RpcException>(() => Zhejiang330000.GetSiteAsync(new GetSiteRequest { SiteId = _sichuanSite.SiteId }).ResponseAsync);
        var own = await Zhejiang330000.GetSiteAsync(new GetSiteRequest { SiteId = _zhejiangSite.SiteId });

        error.StatusCode.ShouldBe(StatusCode.NotFound);
        own.SiteId.ShouldBe(_zhejiangSite.SiteId);
    }

    [Fact]
    public async Task A_batch_read_answers_another_provinces_sites_as_missing()
    {
        var batch = await Zhejiang330000.BatchGetSitesAsync(new BatchGetSitesRequest { SiteIds = { _zhejiangSite.SiteId, _sichuanSite.SiteId } });

        batch.Sites.Select(s => s.SiteId).ShouldBe([_zhejiangSite.SiteId]);
        batch.MissingSiteIds.ShouldBe([_sichuanSite.SiteId]);
    }

    [Fact]
    public async Task A_provincial_team_may_not_update_another_provinces_site_nor_move_its_own_away()
    {
        var foreign = _sichuanSite.Clone();
        foreign.ProvinceCode = Zhejiang; // claiming it does not make it reachable
        var moved = _zhejiangSite.Clone();
        moved.ProvinceCode = Sichuan;

        var foreignError = await Should.ThrowAsync<RpcException>(() => Zhejiang330000.UpdateSiteAsync(
            new UpdateSiteRequest { Site = foreign, ExpectedVersion = _sichuanSite.Version }).ResponseAsync);
        var moveError = await Should.ThrowAsync<RpcException>(() => Zhejiang330000.UpdateSiteAsync(
            new UpdateSiteRequest { Site = moved, ExpectedVersion = _zhejiangSite.Version }).ResponseAsync);

        foreignError.StatusCode.ShouldBe(StatusCode.NotFound);
        moveError.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        (await _host.Client.GetSiteAsync(new GetSiteRequest { SiteId = _sichuanSite.SiteId })).ShouldBe(_sichuanSite);
        (await _host.Client.GetSiteAsync(new GetSiteRequest { SiteId = _zhejiangSite.SiteId })).ShouldBe(_zhejiangSite);
    }

    [Fact]
    public async Task A_provincial_team_registers_only_in_its_own_province()
    {
        var error = await Should.ThrowAsync<RpcException>(() => Zhejiang330000.RegisterSiteAsync(new RegisterSiteRequest
        {
            Site = SampleSites.Valid(province: Sichuan), RequestId = "elsewhere",
        }).ResponseAsync);
        var own = await Zhejiang330000.RegisterSiteAsync(new RegisterSiteRequest { Site = SampleSites.Valid(province: Zhejiang), RequestId = "home" });

        error.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        error.Status.Detail.ShouldContain("site.province_code");
        own.ProvinceCode.ShouldBe(Zhejiang);
    }

    [Fact]
    public async Task Lists_and_nearby_searches_show_a_provincial_team_only_its_province()
    {
        var all = await Zhejiang330000.ListSitesAsync(new ListSitesRequest());
        // A circle around both sites (about 1,500 km apart).
        var nearby = await Zhejiang330000.SearchSitesNearbyAsync(new SearchSitesNearbyRequest { Latitude = 30.5, Longitude = 112, RadiusKm = 2_000 });
        var nationalNearby = await _host.Client.SearchSitesNearbyAsync(new SearchSitesNearbyRequest { Latitude = 30.5, Longitude = 112, RadiusKm = 2_000 });
        var asked = await Should.ThrowAsync<RpcException>(() => Zhejiang330000.ListSitesAsync(new ListSitesRequest { ProvinceCode = Sichuan }).ResponseAsync);

        all.Sites.Select(s => s.SiteId).ShouldBe([_zhejiangSite.SiteId]);
        all.TotalSize.ShouldBe(1);
        nearby.Sites.Select(s => s.SiteId).ShouldBe([_zhejiangSite.SiteId]);
        nearby.TotalSize.ShouldBe(1);
        nationalNearby.TotalSize.ShouldBe(2);
        asked.StatusCode.ShouldBe(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task An_import_by_a_provincial_team_rejects_the_rows_of_other_provinces()
    {
        using var import = Zhejiang330000.ImportSites();
        await import.RequestStream.WriteAsync(new ImportSitesRequest { Site = SampleSites.Valid(name: "甲", province: Zhejiang), RequestId = "i-0" });
        await import.RequestStream.WriteAsync(new ImportSitesRequest { Site = SampleSites.Valid(name: "乙", province: Sichuan), RequestId = "i-1" });
        await import.RequestStream.WriteAsync(new ImportSitesRequest { Site = SampleSites.Valid(name: "丙", province: Zhejiang), RequestId = "i-2" });
        await import.RequestStream.CompleteAsync();

        var summary = await import;

        summary.Imported.ShouldBe(2);
        summary.Rejected.ShouldBe(1);
        summary.Errors.Single().Index.ShouldBe(1);
        summary.Errors.Single().Reason.ShouldContain("site.province_code");
        (await _host.Client.ListSitesAsync(new ListSitesRequest { ProvinceCode = Sichuan })).TotalSize.ShouldBe(1);
    }

    [Fact]
    public async Task A_provincial_risk_watch_never_yields_another_provinces_change()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = Zhejiang330000.WatchSiteRisk(new WatchSiteRiskRequest(), cancellationToken: cancel.Token);
        await watch.ResponseHeadersAsync;
        using var asked = Zhejiang330000.WatchSiteRisk(new WatchSiteRiskRequest { ProvinceCode = Sichuan }, cancellationToken: cancel.Token);
        var askedError = await Should.ThrowAsync<RpcException>(() => asked.ResponseStream.MoveNext(cancel.Token));

        // The other province's change is published first; the watcher's first update must still be its own.
        await _host.Client.UpdateSiteAsync(new UpdateSiteRequest { Site = WithoutAlarm(_sichuanSite), ExpectedVersion = _sichuanSite.Version });
        await _host.Client.UpdateSiteAsync(new UpdateSiteRequest { Site = WithoutAlarm(_zhejiangSite), ExpectedVersion = _zhejiangSite.Version });

        (await watch.ResponseStream.MoveNext(cancel.Token)).ShouldBeTrue();
        watch.ResponseStream.Current.SiteId.ShouldBe(_zhejiangSite.SiteId);
        askedError.StatusCode.ShouldBe(StatusCode.PermissionDenied);
    }

    private static Site WithoutAlarm(Site site)
    {
        var change = site.Clone();
        change.Facilities.IntrusionAlarm = false;
        return change;
    }
}
