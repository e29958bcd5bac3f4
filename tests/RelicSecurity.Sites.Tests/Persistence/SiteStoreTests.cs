using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Sites.Domain;
using RelicSecurity.Sites.Import;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Testing;
using Shouldly;
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

        var summary = await new SiteImporter(_database).ImportAsync(rows.ToAsyncEnumerable(), "importer", CancellationToken.None);

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
        await importer.ImportAsync(rows.ToAsyncEnumerable(), "importer", CancellationToken.None);

        var second = await importer.ImportAsync(rows.ToAsyncEnumerable(), "importer", CancellationToken.None);

        second.Imported.ShouldBe(0);
        second.Duplicates.ShouldBe(20);
    }

    [Fact]
    public async Task Counts_follow_inserts_and_updates()
    {
        var importer = new SiteImporter(_database);
        await importer.ImportAsync(Enumerable.Range(0, 30).Select(i => Row(i, "counts")).ToAsyncEnumerable(), "counts", CancellationToken.None);

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
        await new SiteImporter(_database).ImportAsync(rows.ToAsyncEnumerable(), "pager", CancellationToken.None);
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

    private static ImportSitesRequest Row(int i, string prefix = "row") => new()
    {
        RequestId = $"{prefix}-{i}",
        Site = SampleSites.Valid(name: $"{prefix} site {i:D5}", latitude: 30 + (i % 100) * 0.01, longitude: 110 + (i % 37) * 0.01),
    };
}
