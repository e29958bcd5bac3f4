using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Sites.Domain;
using RelicSecurity.Sites.Import;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Testing;
using Shouldly;
using RelicSecurity.ServiceDefaults.Security;
using Xunit;

namespace RelicSecurity.Sites.Tests.Persistence;

/// <summary>The SQL side on a real PostgreSQL: migrations, counts, keyset paging, radius search, bulk import.</summary>
[Collection("servers")]
public sealed class SiteStoreTests(LocalServersFixture servers) : IAsyncLifetime
{
    private SitesDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = SitesDatabase.Create(await servers.CreateDatabaseAsync("sites_store"));
        await new SitesDatabaseMigrator(_database, NullLogger<SitesDatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrations_are_recorded_and_not_applied_twice()
    {
        var again = await MigrationRunner.ApplyAsync(_database.DataSource);

        again.ShouldBeEmpty();
        await using var command = _database.DataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(MigrationRunner.Embedded.Count);
    }

    [Fact]
    public async Task Extensions_the_schema_needs_load()
    {
        await using var command = _database.DataSource.CreateCommand("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'");
        (await command.ExecuteScalarAsync()).ShouldBe("pg_trgm");
    }

    [Fact]
    public async Task Import_loads_good_rows_in_batches_and_reports_bad_ones_by_index()
    {
        var rows = Enumerable.Range(0, SiteImporter.BatchSize + 10).Select(i => Row(i)).ToList();
        rows[3].Site.ProvinceCode = "999999";
        rows[SiteImporter.BatchSize + 1].Site.Latitude = 123;

        var summary = await new SiteImporter(_database).ImportAsync(rows.ToAsyncEnumerable(), Importer("importer"), CancellationToken.None);

        summary.Imported.ShouldBe(SiteImporter.BatchSize + 8);
        summary.Rejected.ShouldBe(2);
        summary.Errors.Select(e => e.Index).ShouldBe([3, SiteImporter.BatchSize + 1]);
        summary.Errors[1].Reason.ShouldContain("site.latitude");
    }

    [Fact]
    public async Task Re_importing_the_same_request_ids_creates_nothing_new()
    {
        var rows = Enumerable.Range(0, 20).Select(i => Row(i, "again")).ToList();
        var importer = new SiteImporter(_database);
        await importer.ImportAsync(rows.ToAsyncEnumerable(), Importer("importer"), CancellationToken.None);

        var second = await importer.ImportAsync(rows.ToAsyncEnumerable(), Importer("importer"), CancellationToken.None);

        second.Imported.ShouldBe(0);
        second.Duplicates.ShouldBe(20);
    }

    [Fact]
    public async Task Counts_follow_inserts_and_updates()
    {
        var importer = new SiteImporter(_database);
        await importer.ImportAsync(Enumerable.Range(0, 30).Select(i => Row(i, "counts")).ToAsyncEnumerable(), Importer("counts"), CancellationToken.None);

        await using var command = _database.DataSource.CreateCommand("""
            SELECT (SELECT coalesce(sum(site_count), 0) FROM site_counts)::bigint = (SELECT count(*) FROM sites),
                   (SELECT count(*) FROM site_counts WHERE site_count < 0)
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetBoolean(0).ShouldBeTrue();
        reader.GetInt64(1).ShouldBe(0);
    }

    [Fact]
    public async Task Risk_inputs_from_other_services_recompute_the_score_and_level()
    {
        var repository = new SiteRepository(_database);
        var site = (await repository.RegisterAsync(SampleSites.Valid(), "tester", "", CancellationToken.None)).Site;

        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var inspectedAt = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        var result = await SiteRepository.ApplyRiskInputAsync(connection, transaction, Guid.Parse(site.SiteId),
            f => f.HazardRecorded(HazardSeverity.Critical).CaseOpened(), "hazard recorded", inspectedAt, CancellationToken.None);
        await transaction.CommitAsync();

        result.Site.RiskScore.ShouldBe(11);
        result.Site.RiskLevel.ShouldBe(RiskLevel.Critical);
        result.Site.LastInspectedAt.ToDateTime().ShouldBe(inspectedAt);
        result.Site.Version.ShouldBe(site.Version + 1);
        result.RiskChange.ShouldNotBeNull().LevelChanged.ShouldBeTrue();
    }

    [Fact]
    public async Task Listing_walks_every_page_in_risk_then_name_order_with_exact_totals()
    {
        var province = "330000";
        var rows = Enumerable.Range(0, 23).Select(i =>
        {
            var row = Row(i, "page");
            row.Site.ProvinceCode = province;
            row.Site.Facilities.Cctv = i % 3 != 0; // some sites miss a facility: score 1, listed first
            return row;
        }).ToList();
        await new SiteImporter(_database).ImportAsync(rows.ToAsyncEnumerable(), Importer("pager"), CancellationToken.None);
        var repository = new SiteRepository(_database);

        var seen = new List<Site>();
        PageToken? after = null;
        do
        {
            var page = await repository.ListAsync(new SiteQuery(province, SiteCategory.Unspecified, ProtectionLevel.Unspecified,
                RiskLevel.Unspecified, "PAGE site", 5, after), CancellationToken.None);
            page.TotalSize.ShouldBe(23);
            seen.AddRange(page.Sites);
            after = page.Next;
        }
        while (after is not null);

        seen.Count.ShouldBe(23);
        seen.ShouldBe(seen.OrderByDescending(s => s.RiskScore).ThenBy(s => s.Name, StringComparer.Ordinal).ToList());
        seen.Take(8).ShouldAllBe(s => s.RiskScore == 1);

        var counted = await repository.ListAsync(new SiteQuery(province, SiteCategory.AncientTomb, ProtectionLevel.National,
            RiskLevel.Unspecified, "", 5, null), CancellationToken.None);
        counted.TotalSize.ShouldBe(23);
    }

    [Fact]
    public async Task Nearby_search_returns_sites_inside_the_radius_nearest_first()
    {
        var repository = new SiteRepository(_database);
        // Xi'an bell tower and sites 1, 5, 20 and 80 km due north of it.
        const double lat = 34.2610, lon = 108.9423;
        foreach (var km in new[] { 80, 1, 20, 5 })
        {
            await repository.RegisterAsync(SampleSites.Valid(name: $"north {km} km", latitude: lat + km / 111.195, longitude: lon), "geo", $"geo-{km}", CancellationToken.None);
        }

        var page = await repository.NearbyAsync(new NearbyQuery(lat, lon, 25, 50, SiteCategory.Unspecified, RiskLevel.Unspecified), CancellationToken.None);

        page.Sites.Select(s => s.Name).ShouldBe(["north 1 km", "north 5 km", "north 20 km"]);
        page.DistancesKm!.Zip([1.0, 5, 20]).ShouldAllBe(p => Math.Abs(p.First - p.Second) < 0.05);
        page.TotalSize.ShouldBe(3);
    }

    [Fact]
    public async Task Counts_stay_exact_after_imports_registrations_updates_and_risk_changes()
    {
        var repository = new SiteRepository(_database);
        await new SiteImporter(_database).ImportAsync(Enumerable.Range(0, 40).Select(i => Row(i, "exact")).ToAsyncEnumerable(), Importer("exact"), CancellationToken.None);
        var registered = (await repository.RegisterAsync(SampleSites.Valid(name: "moved"), "exact", "moved", CancellationToken.None)).Site;

        // Moves every dimension site_counts keeps: province, category, protection level and (by facilities) risk level.
        var moved = registered.Clone();
        moved.ProvinceCode = "330000";
        moved.Category = SiteCategory.CaveTempleAndStoneCarving;
        moved.ProtectionLevel = ProtectionLevel.CityCounty;
        moved.Facilities = new SecurityFacilities();
        await repository.UpdateAsync(Guid.Parse(registered.SiteId), moved, registered.Version, _ => true, CancellationToken.None);
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await SiteRepository.ApplyRiskInputAsync(connection, transaction, Guid.Parse(registered.SiteId),
                f => f.CaseOpened().CaseOpened(), "cases", null, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using var command = _database.DataSource.CreateCommand("""
            SELECT count(*) FROM (
                (SELECT province_code, category, protection_level, risk_level, site_count FROM site_counts WHERE site_count <> 0
                 EXCEPT SELECT province_code, category, protection_level, risk_level, count(*) FROM sites GROUP BY 1, 2, 3, 4)
                UNION ALL
                (SELECT province_code, category, protection_level, risk_level, count(*) FROM sites GROUP BY 1, 2, 3, 4
                 EXCEPT SELECT province_code, category, protection_level, risk_level, site_count FROM site_counts)) differences
            """);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0);
        var caves = await repository.ListAsync(new SiteQuery("330000", SiteCategory.CaveTempleAndStoneCarving, ProtectionLevel.Unspecified,
            RiskLevel.Critical, "", 10, null), CancellationToken.None);
        caves.TotalSize.ShouldBe(1);
        caves.Sites.ShouldHaveSingleItem().RiskScore.ShouldBe(10);
    }

    [Fact]
    public async Task A_name_query_with_a_province_follows_a_site_moved_to_another_province()
    {
        var repository = new SiteRepository(_database);
        var site = (await repository.RegisterAsync(SampleSites.Valid(name: "龙门石窟", province: "410000"), "mover", "m-1", CancellationToken.None)).Site;
        var moved = site.Clone();
        moved.ProvinceCode = "140000";

        await repository.UpdateAsync(Guid.Parse(site.SiteId), moved, site.Version, _ => true, CancellationToken.None);

        (await ByName("石窟", "410000")).TotalSize.ShouldBe(0);
        (await ByName("石窟", "140000")).Sites.ShouldHaveSingleItem().SiteId.ShouldBe(site.SiteId);
        (await ByName("石窟", "")).TotalSize.ShouldBe(1);

        Task<SitePage> ByName(string query, string province) => repository.ListAsync(new SiteQuery(province, SiteCategory.Unspecified,
            ProtectionLevel.Unspecified, RiskLevel.Unspecified, query, 10, null), CancellationToken.None);
    }

    [Fact]
    public async Task A_name_query_page_past_the_last_match_still_carries_the_exact_total()
    {
        var repository = new SiteRepository(_database);
        var first = (await repository.RegisterAsync(SampleSites.Valid(name: "甲塔"), "past", "p-1", CancellationToken.None)).Site;
        var second = (await repository.RegisterAsync(SampleSites.Valid(name: "乙塔"), "past", "p-2", CancellationToken.None)).Site;
        var query = new SiteQuery("610000", SiteCategory.Unspecified, ProtectionLevel.Unspecified, RiskLevel.Unspecified, "塔", 1, null);
        var page = await repository.ListAsync(query, CancellationToken.None);
        page.Sites.ShouldHaveSingleItem().SiteId.ShouldBe(second.SiteId); // "乙" (U+4E59) sorts before "甲" (U+7532)

        // The remaining match stops matching before the next page is asked for.
        var renamed = first.Clone();
        renamed.Name = "甲寺";
        await repository.UpdateAsync(Guid.Parse(first.SiteId), renamed, first.Version, _ => true, CancellationToken.None);
        var next = await repository.ListAsync(query with { After = page.Next }, CancellationToken.None);

        next.Sites.ShouldBeEmpty();
        next.TotalSize.ShouldBe(1);
        next.Next.ShouldBeNull();
    }

    [Fact]
    public async Task Nearby_search_filters_by_category_and_minimum_risk_and_counts_beyond_the_limit()
    {
        var repository = new SiteRepository(_database);
        const double lat = 30.2467, lon = 120.1485; // West Lake, Hangzhou
        for (var i = 0; i < 6; i++)
        {
            var site = SampleSites.Valid(name: $"lake {i}", province: "330000", latitude: lat + (i + 1) * 0.01, longitude: lon);
            site.Category = i % 2 == 0 ? SiteCategory.AncientBuilding : SiteCategory.AncientSite;
            site.Facilities = i < 4 ? new SecurityFacilities() : site.Facilities; // the first four score 4 (MEDIUM)
            await repository.RegisterAsync(site, "lake", $"lake-{i}", CancellationToken.None);
        }

        var buildings = await repository.NearbyAsync(new NearbyQuery(lat, lon, 10, 50, SiteCategory.AncientBuilding, RiskLevel.Unspecified), CancellationToken.None);
        var risky = await repository.NearbyAsync(new NearbyQuery(lat, lon, 10, 2, SiteCategory.Unspecified, RiskLevel.Medium), CancellationToken.None);

        buildings.Sites.Select(s => s.Name).ShouldBe(["lake 0", "lake 2", "lake 4"]);
        buildings.TotalSize.ShouldBe(3);
        risky.Sites.Select(s => s.Name).ShouldBe(["lake 0", "lake 1"]);
        risky.TotalSize.ShouldBe(4);
    }

    [Fact]
    public async Task Migration_3_scopes_the_name_grams_of_existing_sites_by_province()
    {
        // A database at migration 2 with a site whose grams are still unscoped.
        await using var database = SitesDatabase.Create(await servers.CreateDatabaseAsync("sites_grams"));
        await using (var setup = database.DataSource.CreateCommand(string.Join(";\n", MigrationRunner.Embedded.Where(m => m.Version <= 2).Select(m => m.Sql))
            + ";\nCREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());"
            + "\nINSERT INTO schema_migrations (version, name) VALUES (1, 'create_sites'), (2, 'name_grams');"))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using (var insert = database.DataSource.CreateCommand("""
            INSERT INTO sites (site_id, name, province_code, county, category, protection_level, latitude, longitude, custodian_unit,
                responsible_person, responsible_phone, intrusion_alarm, cctv, night_patrol, fire_protection, missing_facilities,
                risk_score, risk_level, version, created_at, updated_at, created_by, name_grams)
            VALUES (gen_random_uuid(), '云冈石窟', '140000', '', 4, 1, 40.1, 113.1, '', '', '', true, true, true, true, 0, 0, 1, 1, now(), now(), 'old',
                '{云,云冈,冈,冈石,石,石窟,窟}')
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        (await MigrationRunner.ApplyAsync(database.DataSource)).ShouldContain(3);

        var repository = new SiteRepository(database);
        var found = await repository.ListAsync(new SiteQuery("140000", SiteCategory.Unspecified, ProtectionLevel.Unspecified,
            RiskLevel.Unspecified, "石窟", 10, null), CancellationToken.None);
        found.Sites.ShouldHaveSingleItem().Name.ShouldBe("云冈石窟");
        await using var grams = database.DataSource.CreateCommand("SELECT name_grams FROM sites");
        ((string[])(await grams.ExecuteScalarAsync())!).Order(StringComparer.Ordinal).ShouldBe(
            NameGrams.Indexed("云冈石窟", "140000").Order(StringComparer.Ordinal));
    }

    private static ImportSitesRequest Row(int i, string prefix = "row") => new()
    {
        RequestId = $"{prefix}-{i}",
        Site = SampleSites.Valid(name: $"{prefix} site {i:D5}", latitude: 30 + (i % 100) * 0.01, longitude: 110 + (i % 37) * 0.01),
    };

    /// <summary>A national importer: the store's own rules are tested here, not province reach.</summary>
    private static Caller Importer(string subject) => new(subject, SuiteRoles.National, null, new HashSet<string>());
}
