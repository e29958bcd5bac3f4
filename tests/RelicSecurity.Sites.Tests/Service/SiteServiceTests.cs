using RelicSecurity.Contracts.Sites.V1;
using Grpc.Core;
using Grpc.Net.Client;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Service;

/// <summary>SiteService through the suite's typed gRPC client against the running service and a real PostgreSQL and Redis.</summary>
[Collection("servers")]
public sealed class SiteServiceTests(LocalServersFixture servers) : IAsyncLifetime
{
    private SitesServiceHost _host = null!;

    private SiteService.SiteServiceClient Sites => _host.Client;

    public async Task InitializeAsync() =>
        _host = await SitesServiceHost.StartAsync(servers);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Registering_a_site_assigns_id_version_and_risk_from_its_facilities()
    {
        var input = SampleSites.Valid();
        input.Facilities.NightPatrol = false;
        input.RiskScore = 99; // not client-writable

        var site = await Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = input, RequestId = "reg-1" });

        Guid.TryParse(site.SiteId, out _).ShouldBeTrue();
        site.Version.ShouldBe(1);
        site.RiskScore.ShouldBe(1);
        site.RiskLevel.ShouldBe(RiskLevel.Low);
        site.RiskFactors.MissingFacilities.ShouldBe(1);
        site.Name.ShouldBe("秦始皇陵");
        site.CreatedAt.ShouldNotBeNull();
        site.UpdatedAt.ShouldBe(site.CreatedAt);
    }

    [Fact]
    public async Task Repeating_a_registration_with_the_same_request_id_returns_the_first_site_and_creates_nothing()
    {
        var first = await Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = SampleSites.Valid(), RequestId = "same" });
        var second = await Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = SampleSites.Valid(name: "different"), RequestId = "same" });

        second.ShouldBe(first);
        var all = await Sites.ListSitesAsync(new ListSitesRequest());
        all.TotalSize.ShouldBe(1);
    }

    [Fact]
    public async Task A_registered_site_can_be_read_back()
    {
        var created = await Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = SampleSites.Valid(), RequestId = "get" });

        var read = await Sites.GetSiteAsync(new GetSiteRequest { SiteId = created.SiteId });

        read.ShouldBe(created);
    }

    [Fact]
    public async Task Getting_an_unknown_site_is_not_found()
    {
        var error = await Should.ThrowAsync<RpcException>(() => Sites.GetSiteAsync(new GetSiteRequest { SiteId = Guid.NewGuid().ToString() }).ResponseAsync);

        error.Status.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task An_invalid_province_code_is_rejected_naming_the_field()
    {
        var site = SampleSites.Valid(province: "999999");

        var error = await Should.ThrowAsync<RpcException>(() => Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = site }).ResponseAsync);

        error.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldContain("site.province_code");
        error.Status.Detail.ShouldContain("999999");
    }

    [Fact]
    public async Task An_unspecified_category_is_rejected()
    {
        var site = SampleSites.Valid();
        site.Category = SiteCategory.Unspecified;

        var error = await Should.ThrowAsync<RpcException>(() => Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = site }).ResponseAsync);

        error.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldContain("site.category");
    }

    [Fact]
    public async Task A_site_at_latitude_123_is_rejected()
    {
        var site = SampleSites.Valid(latitude: 123);

        var error = await Should.ThrowAsync<RpcException>(() => Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = site }).ResponseAsync);

        error.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldContain("site.latitude: 123 is outside -90..90");
    }

    [Fact]
    public async Task Every_bad_field_is_named_in_one_invalid_argument()
    {
        var site = SampleSites.Valid(province: "810000", latitude: 123, longitude: -200);
        site.ProtectionLevel = ProtectionLevel.Unspecified;

        var error = await Should.ThrowAsync<RpcException>(() => Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = site }).ResponseAsync);

        foreach (var field in new[] { "site.province_code", "site.protection_level", "site.latitude", "site.longitude" })
        {
            error.Status.Detail.ShouldContain(field);
        }
    }

    [Fact]
    public async Task Updating_replaces_writable_fields_bumps_the_version_and_ignores_risk_fields()
    {
        var created = await Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = SampleSites.Valid(), RequestId = "upd" });
        var change = created.Clone();
        change.ResponsiblePerson = "李明";
        change.RiskScore = 0;
        change.RiskLevel = RiskLevel.Critical;
        change.Facilities.Cctv = false;

        var updated = await Sites.UpdateSiteAsync(new UpdateSiteRequest { Site = change, ExpectedVersion = created.Version });

        updated.Version.ShouldBe(created.Version + 1);
        updated.ResponsiblePerson.ShouldBe("李明");
        updated.RiskScore.ShouldBe(1);
        updated.RiskLevel.ShouldBe(RiskLevel.Low);
        updated.CreatedAt.ShouldBe(created.CreatedAt);
    }

    [Fact]
    public async Task Updating_with_a_stale_version_is_aborted()
    {
        var created = await Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = SampleSites.Valid(), RequestId = "stale" });
        await Sites.UpdateSiteAsync(new UpdateSiteRequest { Site = created, ExpectedVersion = created.Version });

        var error = await Should.ThrowAsync<RpcException>(() =>
            Sites.UpdateSiteAsync(new UpdateSiteRequest { Site = created, ExpectedVersion = created.Version }).ResponseAsync);

        error.Status.StatusCode.ShouldBe(StatusCode.Aborted);
        error.Status.Detail.ShouldContain("version 2");
    }

    [Fact]
    public async Task Updating_an_unknown_site_is_not_found()
    {
        var site = SampleSites.Valid();
        site.SiteId = Guid.NewGuid().ToString();

        var error = await Should.ThrowAsync<RpcException>(() =>
            Sites.UpdateSiteAsync(new UpdateSiteRequest { Site = site, ExpectedVersion = 1 }).ResponseAsync);

        error.Status.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task A_page_size_over_500_is_rejected()
    {
        var error = await Should.ThrowAsync<RpcException>(() => Sites.ListSitesAsync(new ListSitesRequest { PageSize = 501 }).ResponseAsync);

        error.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldContain("page_size");
    }

    [Fact]
    public async Task Listing_filters_sorts_by_risk_then_name_and_pages_with_tokens()
    {
        await Register("B 石窟", "410000", SiteCategory.CaveTempleAndStoneCarving, missing: 0);
        await Register("A 石窟", "410000", SiteCategory.CaveTempleAndStoneCarving, missing: 0);
        await Register("C 石窟", "410000", SiteCategory.CaveTempleAndStoneCarving, missing: 3);
        await Register("D tomb", "410000", SiteCategory.AncientTomb, missing: 4);
        await Register("E 石窟", "140000", SiteCategory.CaveTempleAndStoneCarving, missing: 4);

        var first = await Sites.ListSitesAsync(new ListSitesRequest { ProvinceCode = "410000", Category = SiteCategory.CaveTempleAndStoneCarving, PageSize = 2 });
        var second = await Sites.ListSitesAsync(new ListSitesRequest
        {
            ProvinceCode = "410000", Category = SiteCategory.CaveTempleAndStoneCarving, PageSize = 2, PageToken = first.NextPageToken,
        });

        first.Sites.Select(s => s.Name).ShouldBe(["C 石窟", "A 石窟"]);
        first.TotalSize.ShouldBe(3);
        first.NextPageToken.ShouldNotBeEmpty();
        second.Sites.Select(s => s.Name).ShouldBe(["B 石窟"]);
        second.NextPageToken.ShouldBeEmpty();

        var medium = await Sites.ListSitesAsync(new ListSitesRequest { MinRiskLevel = RiskLevel.Medium });
        medium.Sites.Select(s => s.Name).ShouldBe(["D tomb", "E 石窟", "C 石窟"]);
        medium.TotalSize.ShouldBe(3);
    }

    [Fact]
    public async Task Name_query_matches_containment_ignoring_case()
    {
        await Register("Longmen Grottoes", "410000", SiteCategory.CaveTempleAndStoneCarving, missing: 0);
        await Register("Yungang grottoes", "140000", SiteCategory.CaveTempleAndStoneCarving, missing: 0);
        await Register("Dunhuang Mogao Caves", "620000", SiteCategory.CaveTempleAndStoneCarving, missing: 0);

        var found = await Sites.ListSitesAsync(new ListSitesRequest { NameQuery = "GROTTO" });

        found.Sites.Select(s => s.Name).ShouldBe(["Longmen Grottoes", "Yungang grottoes"]);
        found.TotalSize.ShouldBe(2);
    }

    [Fact]
    public async Task One_and_two_character_chinese_queries_find_the_names_containing_them()
    {
        await Register("云冈石窟", "140000", SiteCategory.CaveTempleAndStoneCarving, missing: 0);
        await Register("大雁塔", "610000", SiteCategory.AncientBuilding, missing: 0);
        await Register("小雁塔", "610000", SiteCategory.AncientBuilding, missing: 1);
        await Register("石窟寺遗址", "410000", SiteCategory.AncientSite, missing: 0);

        var pagodas = await Sites.ListSitesAsync(new ListSitesRequest { NameQuery = "塔" });
        var caves = await Sites.ListSitesAsync(new ListSitesRequest { NameQuery = "石窟" });
        var wildGoose = await Sites.ListSitesAsync(new ListSitesRequest { NameQuery = "雁塔", ProvinceCode = "610000" });

        pagodas.Sites.Select(s => s.Name).ShouldBe(["小雁塔", "大雁塔"]);
        caves.Sites.Select(s => s.Name).ShouldBe(["云冈石窟", "石窟寺遗址"]);
        caves.TotalSize.ShouldBe(2);
        wildGoose.TotalSize.ShouldBe(2);
    }

    [Fact]
    public async Task A_page_token_from_another_query_is_rejected()
    {
        await Register("A", "410000", SiteCategory.AncientSite, 0);
        await Register("B", "410000", SiteCategory.AncientSite, 0);
        var page = await Sites.ListSitesAsync(new ListSitesRequest { PageSize = 1 });

        var error = await Should.ThrowAsync<RpcException>(() =>
            Sites.ListSitesAsync(new ListSitesRequest { PageSize = 1, ProvinceCode = "410000", PageToken = page.NextPageToken }).ResponseAsync);

        error.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldContain("page_token");
    }

    [Fact]
    public async Task Nearby_search_answers_nearest_first_within_the_radius()
    {
        // Around the Mogao Caves (Dunhuang).
        const double lat = 40.0415, lon = 94.8040;
        await Register("far", "620000", SiteCategory.AncientSite, 0, lat + 0.5, lon);        // ~56 km
        await Register("near", "620000", SiteCategory.AncientSite, 0, lat + 0.01, lon);      // ~1.1 km
        await Register("middle", "620000", SiteCategory.AncientSite, 0, lat, lon + 0.1);     // ~8.5 km

        var result = await Sites.SearchSitesNearbyAsync(new SearchSitesNearbyRequest { Latitude = lat, Longitude = lon, RadiusKm = 20 });

        result.Sites.Select(s => s.Name).ShouldBe(["near", "middle"]);
        result.DistancesKm[0].ShouldBe(1.11, 0.01);
        result.DistancesKm[1].ShouldBe(8.52, 0.05);
    }

    [Fact]
    public async Task Nearby_search_with_latitude_123_is_rejected()
    {
        var error = await Should.ThrowAsync<RpcException>(() =>
            Sites.SearchSitesNearbyAsync(new SearchSitesNearbyRequest { Latitude = 123, Longitude = 100, RadiusKm = 10 }).ResponseAsync);

        error.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldContain("latitude");
    }

    [Fact]
    public async Task Import_loads_good_rows_and_reports_bad_rows_by_index()
    {
        using var call = Sites.ImportSites();
        for (var i = 0; i < 12; i++)
        {
            var site = SampleSites.Valid(name: $"import {i}");
            if (i == 4)
            {
                site.ProvinceCode = "999999";
            }

            if (i == 9)
            {
                site.Category = SiteCategory.Unspecified;
            }

            await call.RequestStream.WriteAsync(new ImportSitesRequest { Site = site, RequestId = $"imp-{i}" });
        }

        await call.RequestStream.CompleteAsync();
        var summary = await call;

        summary.Imported.ShouldBe(10);
        summary.Rejected.ShouldBe(2);
        summary.Errors.Select(e => e.Index).ShouldBe([4, 9]);
        summary.Errors[0].Reason.ShouldContain("province_code");
        summary.Errors[1].Reason.ShouldContain("category");
        (await Sites.ListSitesAsync(new ListSitesRequest { NameQuery = "import" })).TotalSize.ShouldBe(10);
    }

    [Fact]
    public async Task Batch_get_returns_found_sites_and_names_the_missing_ids()
    {
        var a = await Register("A", "510000", SiteCategory.AncientBuilding, 0);
        var unknown = Guid.NewGuid().ToString();

        var result = await Sites.BatchGetSitesAsync(new BatchGetSitesRequest { SiteIds = { a.SiteId, unknown } });

        result.Sites.ShouldHaveSingleItem().SiteId.ShouldBe(a.SiteId);
        result.MissingSiteIds.ShouldBe([unknown]);
    }

    [Fact]
    public async Task A_malformed_site_id_is_invalid_argument_naming_the_field_in_every_method()
    {
        var site = await Register("A", "510000", SiteCategory.AncientBuilding, 0);
        var update = site.Clone();
        update.SiteId = "not-an-id";

        var get = await Should.ThrowAsync<RpcException>(() =>
            Sites.GetSiteAsync(new GetSiteRequest { SiteId = "not-an-id" }).ResponseAsync);
        var updated = await Should.ThrowAsync<RpcException>(() =>
            Sites.UpdateSiteAsync(new UpdateSiteRequest { Site = update, ExpectedVersion = site.Version }).ResponseAsync);
        var batch = await Should.ThrowAsync<RpcException>(() =>
            Sites.BatchGetSitesAsync(new BatchGetSitesRequest { SiteIds = { site.SiteId, "not-an-id" } }).ResponseAsync);

        get.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        get.Status.Detail.ShouldContain("site_id");
        get.Status.Detail.ShouldContain("not-an-id");
        updated.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        updated.Status.Detail.ShouldContain("site.site_id");
        batch.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        batch.Status.Detail.ShouldContain("site_ids[1]");
    }

    [Fact]
    public async Task A_watcher_sees_the_risk_rise_when_facilities_are_removed()
    {
        var site = await Register("Watched", "500000", SiteCategory.AncientBuilding, missing: 0);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = Sites.WatchSiteRisk(new WatchSiteRiskRequest { ProvinceCode = "500000" }, cancellationToken: cancel.Token);
        await watch.ResponseHeadersAsync;

        var change = site.Clone();
        change.Facilities = new SecurityFacilities();
        await Sites.UpdateSiteAsync(new UpdateSiteRequest { Site = change, ExpectedVersion = site.Version });

        var update = await NextFor(watch, site.SiteId, cancel.Token);
        update.OldLevel.ShouldBe(RiskLevel.Low);
        update.NewLevel.ShouldBe(RiskLevel.Medium);
        update.RiskScore.ShouldBe(4);
        update.OldScore.ShouldBe(0);
        update.ProvinceCode.ShouldBe("500000");
        update.Reason.ShouldBe("security facilities changed");
    }

    [Fact]
    public async Task A_province_watcher_does_not_see_other_provinces()
    {
        var other = await Register("Elsewhere", "110000", SiteCategory.AncientBuilding, missing: 0);
        var mine = await Register("Mine", "120000", SiteCategory.AncientBuilding, missing: 0);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = Sites.WatchSiteRisk(new WatchSiteRiskRequest { ProvinceCode = "120000" }, cancellationToken: cancel.Token);
        await watch.ResponseHeadersAsync;

        await RemoveFacilities(other);
        await RemoveFacilities(mine);

        (await watch.ResponseStream.MoveNext(cancel.Token)).ShouldBeTrue();
        watch.ResponseStream.Current.SiteId.ShouldBe(mine.SiteId);
    }

    [Fact]
    public async Task Risk_changes_reach_watchers_connected_to_another_instance()
    {
        var database = await servers.CreateDatabaseAsync("sites_pair");
        await using var first = await SitesServiceHost.StartAsync(servers, database);
        await using var second = await SitesServiceHost.StartAsync(servers, database);
        var site = await first.Client.RegisterSiteAsync(new RegisterSiteRequest { Site = SampleSites.Valid(province: "650000") });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = second.Client.WatchSiteRisk(new WatchSiteRiskRequest { ProvinceCode = "650000" }, cancellationToken: cancel.Token);
        await watch.ResponseHeadersAsync;

        var change = site.Clone();
        change.Facilities.FireProtection = false;
        await first.Client.UpdateSiteAsync(new UpdateSiteRequest { Site = change, ExpectedVersion = site.Version });

        var update = await NextFor(watch, site.SiteId, cancel.Token);
        update.RiskScore.ShouldBe(1);
    }

    [Fact]
    public async Task Watching_an_invalid_province_is_rejected()
    {
        using var watch = Sites.WatchSiteRisk(new WatchSiteRiskRequest { ProvinceCode = "123456" });

        var error = await Should.ThrowAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));

        error.Status.StatusCode.ShouldBe(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task Writes_leave_their_events_in_the_outbox_and_the_relay_publishes_them()
    {
        var site = await Register("Evented", "530000", SiteCategory.AncientSite, missing: 0);
        await RemoveFacilities(site);

        await using var database = Npgsql.NpgsqlDataSource.Create(_host.DatabaseConnection);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<(string Type, bool Sent)> rows;
        do
        {
            rows = [];
            await using var command = database.CreateCommand("SELECT message_type, sent_at IS NOT NULL FROM messaging.outbox WHERE partition_key = $1 ORDER BY sequence");
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = site.SiteId });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0).Split(',')[0], reader.GetBoolean(1)));
            }

            if (rows.All(r => r.Sent))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        rows.Select(r => r.Type).ShouldBe([
            "RelicSecurity.Contracts.Events.Sites.SiteRegistered",
            "RelicSecurity.Contracts.Events.Sites.SiteUpdated",
            "RelicSecurity.Contracts.Events.Sites.SiteRiskChanged",
        ]);
        rows.ShouldAllBe(r => r.Sent);
    }

    private async Task<Site> Register(string name, string province, SiteCategory category, int missing, double latitude = 34.5, double longitude = 110.5)
    {
        var site = SampleSites.Valid(name: name, province: province, latitude: latitude, longitude: longitude);
        site.Category = category;
        site.Facilities = new SecurityFacilities
        {
            IntrusionAlarm = missing < 1, Cctv = missing < 2, NightPatrol = missing < 3, FireProtection = missing < 4,
        };
        return await Sites.RegisterSiteAsync(new RegisterSiteRequest { Site = site, RequestId = "r-" + name });
    }

    private async Task RemoveFacilities(Site site)
    {
        var change = site.Clone();
        change.Facilities = new SecurityFacilities();
        await Sites.UpdateSiteAsync(new UpdateSiteRequest { Site = change, ExpectedVersion = site.Version });
    }

    private static async Task<SiteRiskUpdate> NextFor(AsyncServerStreamingCall<SiteRiskUpdate> watch, string siteId, CancellationToken cancellationToken)
    {
        while (await watch.ResponseStream.MoveNext(cancellationToken))
        {
            if (watch.ResponseStream.Current.SiteId == siteId)
            {
                return watch.ResponseStream.Current;
            }
        }

        throw new InvalidOperationException("the watch ended before the expected update");
    }
}
