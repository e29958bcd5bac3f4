using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Sites.Nearby;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Tests.Service;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Nearby;

/// <summary>The nearby index kept current from a real PostgreSQL, and the service answering from it.</summary>
[Collection("servers")]
public sealed class SiteLocationFeedTests(LocalServersFixture servers)
{
    [Fact]
    public async Task A_transaction_that_commits_after_a_later_one_is_not_missed()
    {
        await using var database = SitesDatabase.Create(await servers.CreateDatabaseAsync("sites_feed"));
        await new SitesDatabaseMigrator(database, NullLogger<SitesDatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        var index = new SiteLocationIndex();
        using var feed = new SiteLocationFeed(database, index, Options.Create(new NearbyIndexOptions()), NullLogger<SiteLocationFeed>.Instance);
        await feed.ReadChangesAsync(CancellationToken.None);
        var repository = new SiteRepository(database);

        // A starts first and writes, but commits last; B writes and commits in between two reads.
        await using var slow = await database.DataSource.OpenConnectionAsync();
        await using var slowTransaction = await slow.BeginTransactionAsync();
        await using (var early = new NpgsqlCommand("SELECT pg_current_xact_id()", slow, slowTransaction))
        {
            await early.ExecuteScalarAsync(); // A holds its transaction id from here on
        }

        var fast = await repository.RegisterAsync(SampleSites.Valid(name: "B", latitude: 34.30, longitude: 108.90), "test", "b", CancellationToken.None);
        await feed.ReadChangesAsync(CancellationToken.None);
        index.Search(34.30, 108.90, 1, 10).Nearest.Select(m => m.SiteId.ToString()).ShouldBe([fast.Site.SiteId]);

        await using (var moveLate = new NpgsqlCommand("UPDATE sites SET latitude = 30.66, longitude = 104.06, version = version + 1 WHERE site_id = $1", slow, slowTransaction))
        {
            moveLate.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(fast.Site.SiteId) });
            (await moveLate.ExecuteNonQueryAsync()).ShouldBe(1); // waits for nothing: B has committed
        }

        await slowTransaction.CommitAsync();
        await feed.ReadChangesAsync(CancellationToken.None);

        index.Search(34.30, 108.90, 1, 10).Total.ShouldBe(0);
        index.Search(30.66, 104.06, 1, 10).Nearest.Select(m => m.SiteId.ToString()).ShouldBe([fast.Site.SiteId]);
    }

    [Fact]
    public async Task During_a_bulk_load_the_feed_reads_positions_only_and_fills_the_encodings_in_afterwards()
    {
        await using var database = SitesDatabase.Create(await servers.CreateDatabaseAsync("sites_feed_bulk"));
        await new SitesDatabaseMigrator(database, NullLogger<SitesDatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        var index = new SiteLocationIndex(keepSites: true);
        using var feed = new SiteLocationFeed(database, index, Options.Create(new NearbyIndexOptions { BulkRows = 1 }), NullLogger<SiteLocationFeed>.Instance);
        var repository = new SiteRepository(database);
        async Task RegisterTwoAsync(string prefix)
        {
            foreach (var i in new[] { 1, 2 })
            {
                await repository.RegisterAsync(SampleSites.Valid(name: $"{prefix} {i}", latitude: 30 + (i * 0.001), longitude: 120), "test", $"{prefix}-{i}", CancellationToken.None);
            }
        }

        await feed.ReadChangesAsync(CancellationToken.None);
        await RegisterTwoAsync("first");
        (await feed.ReadChangesAsync(CancellationToken.None)).ShouldBe(2); // more than BulkRows: a bulk load begins
        index.WithoutEncodingCount.ShouldBe(0);                              // this read was still whole

        await RegisterTwoAsync("second");
        await feed.ReadChangesAsync(CancellationToken.None);
        index.WithoutEncodingCount.ShouldBe(2);                              // read as positions only
        index.Search(30, 120, 5, 10).Total.ShouldBe(4);

        (await feed.ReadChangesAsync(CancellationToken.None)).ShouldBe(0);  // quiet again: the bulk load is over
        await feed.FillEncodingsAsync(CancellationToken.None);
        index.WithoutEncodingCount.ShouldBe(0);
        index.Search(30, 120, 5, 10).Nearest.ShouldAllBe(m => m.Encoded != null);
    }

    [Fact]
    public async Task Sites_written_by_another_replica_are_found_within_a_poll_and_follow_their_moves()
    {
        await using var host = await SitesServiceHost.StartAsync(servers);
        var feed = host.Services.GetRequiredService<SiteLocationFeed>();
        await WaitUntilAsync(() => feed.IsCurrent);
        await using var otherReplica = SitesDatabase.Create(host.DatabaseConnection);
        var repository = new SiteRepository(otherReplica);

        var written = await repository.RegisterAsync(SampleSites.Valid(name: "written elsewhere", latitude: 40.04, longitude: 94.80), "replica-2", "r2-1", CancellationToken.None);
        await WaitUntilAsync(async () => (await Near(host, 40.04, 94.80)).Sites.Any(s => s.SiteId == written.Site.SiteId));

        // Moved and renamed elsewhere: found at the new place, with the new name (the kept copy follows).
        var moved = SampleSites.Valid(name: "moved elsewhere", latitude: 39.90, longitude: 116.40);
        await repository.UpdateAsync(Guid.Parse(written.Site.SiteId), moved, written.Site.Version, _ => true, CancellationToken.None);
        await WaitUntilAsync(async () => (await Near(host, 39.90, 116.40)).Sites.Any(s => s.SiteId == written.Site.SiteId));
        var found = (await Near(host, 39.90, 116.40)).Sites.Single(s => s.SiteId == written.Site.SiteId);
        found.Name.ShouldBe("moved elsewhere");
        found.Version.ShouldBe(written.Site.Version + 1);
        (await Near(host, 40.04, 94.80)).TotalSize.ShouldBe(0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_index_answers_exactly_what_the_sql_search_answers(bool keepSites)
    {
        // A read of more than 100 rows counts as a bulk load here: the second import is then read as
        // positions only, and its encodings are filled in afterwards.
        await using var host = await SitesServiceHost.StartAsync(servers, settings: new Dictionary<string, string?>
        {
            ["Sites:NearbyIndex:KeepSites"] = keepSites ? "true" : "false",
            ["Sites:NearbyIndex:BulkRows"] = "100",
        });
        var random = new Random(42);
        foreach (var part in new[] { 0, 1 })
        {
            var rows = Enumerable.Range(part * 600, 600).Select(i => new ImportSitesRequest
            {
                RequestId = $"geo-{i}",
                Site = SampleSites.Valid(name: $"site {i}", latitude: 34.2 + random.NextDouble() * 0.6, longitude: 108.6 + random.NextDouble() * 0.8),
            }).ToList();
            rows.ForEach(r => r.Site.Category = (SiteCategory)random.Next(1, 7));
            using var import = host.Client.ImportSites();
            foreach (var row in rows)
            {
                await import.RequestStream.WriteAsync(row);
            }

            await import.RequestStream.CompleteAsync();
            (await import).Imported.ShouldBe(600);
        }

        var feed = host.Services.GetRequiredService<SiteLocationFeed>();
        await WaitUntilAsync(() => feed.IsCurrent);
        var sql = new SiteRepository(host.Services.GetRequiredService<SitesDatabase>());
        await CompareWithSqlAsync(host, sql);
        if (keepSites)
        {
            var index = host.Services.GetRequiredService<SiteLocationIndex>();
            await WaitUntilAsync(() => index.WithoutEncodingCount == 0);
            await CompareWithSqlAsync(host, sql);
        }
    }

    private static async Task CompareWithSqlAsync(SitesServiceHost host, SiteRepository sql)
    {
        foreach (var (lat, lon, km, category) in new[] { (34.5, 109.0, 10.0, SiteCategory.Unspecified), (34.3, 108.7, 25.0, SiteCategory.AncientTomb), (34.6, 109.3, 40.0, SiteCategory.Unspecified) })
        {
            var fromIndex = await host.Client.SearchSitesNearbyAsync(new SearchSitesNearbyRequest { Latitude = lat, Longitude = lon, RadiusKm = km, Limit = 10, Category = category });
            var fromSql = await sql.NearbyAsync(new NearbyQuery(lat, lon, km, 10, category, RiskLevel.Unspecified), CancellationToken.None);

            fromIndex.TotalSize.ShouldBe(fromSql.TotalSize);
            fromIndex.TotalSize.ShouldBeGreaterThan(10); // the limit cuts: the total counts beyond the page
            fromIndex.Sites.ShouldBe(fromSql.Sites); // whole sites, field by field
            fromIndex.DistancesKm.Zip(fromSql.DistancesKm!).ShouldAllBe(d => Math.Abs(d.First - d.Second) < 1e-6);
        }
    }

    [Fact]
    public async Task Rows_moved_under_the_index_are_still_found_and_the_index_learns_where_they_are()
    {
        // Without kept encodings every page is read from the table, by row location first.
        await using var host = await SitesServiceHost.StartAsync(servers, settings: new Dictionary<string, string?> { ["Sites:NearbyIndex:KeepSites"] = "false" });
        var feed = host.Services.GetRequiredService<SiteLocationFeed>();
        var index = host.Services.GetRequiredService<SiteLocationIndex>();
        await WaitUntilAsync(() => feed.IsCurrent);
        var names = new[] { "first", "second", "third" };
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            await host.Client.RegisterSiteAsync(new RegisterSiteRequest { Site = SampleSites.Valid(name: name, latitude: 30.0 + i * 0.001, longitude: 120.0), RequestId = name });
        }

        var database = host.Services.GetRequiredService<SitesDatabase>();
        await ExecuteAsync(database, "UPDATE sites SET county = county || '' WHERE name = 'first'"); // leaves a dead row version
        await WaitUntilAsync(async () => (await StoredRowsAsync(database)).SequenceEqual(IndexedRows(index)));

        // VACUUM FULL rewrites the table: every row is somewhere else now, and some old places hold other sites.
        await ExecuteAsync(database, "VACUUM FULL sites");
        var stored = await StoredRowsAsync(database);
        stored.ShouldNotBe(IndexedRows(index));

        var found = await host.Client.SearchSitesNearbyAsync(new SearchSitesNearbyRequest { Latitude = 30.0, Longitude = 120.0, RadiusKm = 5 });

        found.Sites.Select(s => s.Name).ShouldBe(names);
        IndexedRows(index).ShouldBe(stored);
    }

    private static async Task ExecuteAsync(SitesDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> StoredRowsAsync(SitesDatabase database)
    {
        await using var command = database.DataSource.CreateCommand("SELECT site_id::text || '@' || ctid::text FROM sites ORDER BY site_id");
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static List<string> IndexedRows(SiteLocationIndex index) =>
        [.. index.Search(30.0, 120.0, 5, 50).Nearest.OrderBy(m => m.SiteId.ToString()).Select(m => $"{m.SiteId}@({m.Row.BlockNumber},{m.Row.OffsetNumber})")];

    private static async Task<ListSitesResponse> Near(SitesServiceHost host, double latitude, double longitude) =>
        await host.Client.SearchSitesNearbyAsync(new SearchSitesNearbyRequest { Latitude = latitude, Longitude = longitude, RadiusKm = 1 });

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not hold within 10 s");
            await Task.Delay(50);
        }
    }
}
