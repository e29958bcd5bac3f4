using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;
using RelicSecurity.Testing;
using Shouldly;
using StackExchange.Redis;
using Xunit;

namespace RelicSecurity.Gateway.Tests.Status;

/// <summary>
/// The store's side of a rebuild, on the real Redis: while a generation is being built every event lands in it and in
/// the live one, an import batch only tells the rebuild it happened, and a rebuilt live generation applies its site horizon.
/// </summary>
[Collection("servers")]
public sealed class StatusGenerationTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private StatusGatewayHost _gateway = null!;
    private StatusStore _store = null!;
    private StatusKeys _keys = null!;
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync()
    {
        _gateway = await StatusGatewayHost.StartAsync(servers, $"test:{Guid.NewGuid():N}:");
        _store = _gateway.Services.GetRequiredService<StatusStore>();
        _keys = _store.Keys;
        _redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task While_a_generation_is_built_events_land_in_both_and_an_import_only_asks_for_another_site_pass()
    {
        var database = _redis.GetDatabase();
        await _store.ApplyAsync("case", "c1", Case(1, "REPORTED"), CaseRecord.Merge);
        await database.StringSetAsync(_keys.BuildingGeneration, "gtest");
        await database.StringSetAsync(_keys.ImportsDuringRebuild, 0);

        await _store.ApplyAsync("case", "c1", Case(2, "FILED"), CaseRecord.Merge);
        await _store.ApplyAsync("case", "c2", Case(1, "REPORTED"), CaseRecord.Merge);
        await _store.ApplyAsync(ImportBatchRecord.Kind, "b1", new ImportBatchRecord([new ImportedSiteCount("610000", "LOW", 5)], At), ImportBatchRecord.Merge);

        (await OpenCasesAsync(database, _keys.Generation(""))).ShouldBe(2);
        (await SitesAsync(database, _keys.Generation(""))).ShouldBe(5);
        // c1 arrived in the new generation only by its later event, as the rebuild's listing would have added it too.
        (await OpenCasesAsync(database, _keys.Generation("gtest"))).ShouldBe(2);
        (await SitesAsync(database, _keys.Generation("gtest"))).ShouldBe(0);
        ((long)await database.StringGetAsync(_keys.ImportsDuringRebuild)).ShouldBe(1);

        // Another rebuild took the claim: this one's generation gets nothing more, the live one still does.
        await database.StringSetAsync(_keys.BuildingGeneration, "gother");
        await Should.ThrowAsync<InvalidOperationException>(() => _store.ApplyToBuildingAsync("gtest", "case", "c3", Case(1, "REPORTED"), CaseRecord.Merge));
        (await OpenCasesAsync(database, _keys.Generation("gtest"))).ShouldBe(2);
    }

    [Fact]
    public async Task A_rebuilt_live_generation_counts_a_site_seen_before_it_went_live_whole_and_a_late_older_batch_not_at_all()
    {
        var database = _redis.GetDatabase();
        await database.StringSetAsync(_keys.LiveGeneration, StatusGenerations.LiveValueOf("grebuilt", At));

        // Its risk changed while the rebuild's listing paged (so the listing missed it); the event arrives after the swap.
        await _store.ApplyAsync("site", "s1", new SiteRecord(false, new SiteObservation(At.AddSeconds(-2), "330000", "HIGH"),
            new SiteObservation(At.AddSeconds(-2), "330000", "MEDIUM", ProvinceExact: false)), SiteRecord.Merge);
        await _store.ApplyAsync(ImportBatchRecord.Kind, "old", new ImportBatchRecord([new ImportedSiteCount("330000", "LOW", 7)], At.AddSeconds(-5)),
            ImportBatchRecord.Merge);
        await _store.ApplyAsync(ImportBatchRecord.Kind, "new", new ImportBatchRecord([new ImportedSiteCount("330000", "LOW", 3)], At.AddSeconds(5)),
            ImportBatchRecord.Merge);

        var live = _keys.Generation("grebuilt");
        (await SitesAsync(database, live)).ShouldBe(1 + 3);
        ((long)await database.HashGetAsync(live.Counters(StatusFields.National), StatusFields.SitesByRiskPrefix + "HIGH")).ShouldBe(1);
        (await SitesAsync(database, _keys.Generation(""))).ShouldBe(0, "the original layout is no longer written");
    }

    private static CaseRecord Case(long version, string stage) => new(version, "SMUGGLING", stage, ["610000"], "NONE", null);

    private static async Task<long> OpenCasesAsync(IDatabase database, GenerationKeys generation) =>
        (long)await database.HashGetAsync(generation.Counters(StatusFields.National), StatusFields.OpenCases);

    private static async Task<long> SitesAsync(IDatabase database, GenerationKeys generation) =>
        (long)await database.HashGetAsync(generation.Counters(StatusFields.National), StatusFields.SitesTotal);
}
