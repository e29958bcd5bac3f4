using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RelicSecurity.Cases.Matching;
using RelicSecurity.Cases.Tests.Service;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Matching;

/// <summary>The in-memory sought list against the real service and database: what MatchRelic finds follows every commit.</summary>
[Collection("servers")]
public sealed class SoughtRelicIndexTests(LocalServersFixture servers)
{
    [Fact]
    public async Task A_relic_registered_as_stolen_is_found_by_the_very_next_search()
    {
        await using var host = await StartLoadedAsync();
        var cases = host.Cases(TestTokens.National());
        var theft = await cases.OpenCaseAsync(Samples.OpenCase());

        var relic = await cases.RegisterRelicAsync(new RegisterRelicRequest
        {
            CaseId = theft.CaseId, Relic = Samples.Relic("唐代鎏金铜菩萨像 一臂被锯断", RelicStatus.Stolen),
        });
        var found = await cases.MatchRelicAsync(new MatchRelicRequest { Text = "鎏金铜菩萨像，一臂锯断", Limit = 5 });

        found.Candidates.Select(c => c.Relic.RelicId).ShouldContain(relic.RelicId);
    }

    [Fact]
    public async Task A_change_committed_after_a_later_transaction_is_still_picked_up()
    {
        await using var host = await StartLoadedAsync();
        var cases = host.Cases(TestTokens.National());
        var theft = await cases.OpenCaseAsync(Samples.OpenCase());
        var early = await cases.RegisterRelicAsync(new RegisterRelicRequest
        {
            CaseId = theft.CaseId, Relic = Samples.Relic("北魏砂岩佛首 鼻尖残损", RelicStatus.Seized),
        });

        // An earlier transaction (older id) puts the relic on the sought list but commits only after a later one.
        await using var connection = new NpgsqlConnection(host.DatabaseConnection);
        await connection.OpenAsync();
        await using var slow = await connection.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("UPDATE relics SET status = 1 WHERE relic_id = $1", connection, slow))
        {
            update.Parameters.AddWithValue(Guid.Parse(early.RelicId));
            await update.ExecuteNonQueryAsync();
        }

        var later = await cases.RegisterRelicAsync(new RegisterRelicRequest
        {
            CaseId = theft.CaseId, Relic = Samples.Relic("北魏砂岩佛首 鼻尖残损 另一件", RelicStatus.Stolen),
        });
        var before = await Match(cases, "北魏砂岩佛首，鼻尖残损");
        before.ShouldContain(later.RelicId);
        before.ShouldNotContain(early.RelicId);

        await slow.CommitAsync();

        // A writer other than this instance (another replica, an operator): found within the poll interval.
        await Eventually.HoldsAsync(async () => (await Match(cases, "北魏砂岩佛首，鼻尖残损")).Contains(early.RelicId),
            TimeSpan.FromSeconds(15), "the relic put on the sought list by the slow transaction is offered");
    }

    [Fact]
    public async Task A_relic_that_leaves_the_sought_list_is_no_longer_offered()
    {
        await using var host = await StartLoadedAsync();
        var cases = host.Cases(TestTokens.National());
        var theft = await cases.OpenCaseAsync(Samples.OpenCase());
        var relic = await cases.RegisterRelicAsync(new RegisterRelicRequest
        {
            CaseId = theft.CaseId, Relic = Samples.Relic("西周青铜鼎 饕餮纹 口沿磕缺", RelicStatus.Stolen),
        });
        (await Match(cases, "西周青铜鼎，饕餮纹，口沿磕缺")).ShouldContain(relic.RelicId);

        await cases.RecordCustodyEventAsync(new RecordCustodyEventRequest
        {
            RelicId = relic.RelicId, Kind = CustodyEventKind.Seized, Holder = "西安市公安局",
            At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), ExpectedVersion = relic.Version,
        });

        (await Match(cases, "西周青铜鼎，饕餮纹，口沿磕缺")).ShouldNotContain(relic.RelicId);
    }

    [Fact]
    public async Task A_limit_above_the_final_candidates_returns_that_many()
    {
        await using var host = await StartLoadedAsync();
        var cases = host.Cases(TestTokens.National());
        var theft = await cases.OpenCaseAsync(Samples.OpenCase());
        for (var i = 0; i < 60; i++)
        {
            await cases.RegisterRelicAsync(new RegisterRelicRequest { CaseId = theft.CaseId, Relic = Samples.Relic($"明代青花瓷瓶 {i}", RelicStatus.Stolen) });
        }

        var found = await cases.MatchRelicAsync(new MatchRelicRequest { Text = "明代青花瓷瓶", Limit = 55 });

        host.Services.GetRequiredService<MatchSettings>().FinalCandidates.ShouldBeLessThan(55);
        found.Candidates.Count.ShouldBe(55);
    }

    [Fact]
    public async Task A_candidate_scores_the_same_whether_the_index_or_postgresql_found_it()
    {
        await using var host = await StartLoadedAsync();
        var cases = host.Cases(TestTokens.National());
        var theft = await cases.OpenCaseAsync(Samples.OpenCase());
        foreach (var pair in MatchCorpus.Pairs)
        {
            await cases.RegisterRelicAsync(new RegisterRelicRequest { CaseId = theft.CaseId, Relic = pair.Stolen });
            await cases.RegisterRelicAsync(new RegisterRelicRequest { CaseId = theft.CaseId, Relic = pair.LookAlike });
        }

        var settings = host.Services.GetRequiredService<MatchSettings>();
        var compared = 0;
        foreach (var pair in MatchCorpus.Pairs)
        {
            var fromIndex = await Scores(cases, pair.Seized);
            settings.UseIndex = false;
            var fromPostgres = await Scores(cases, pair.Seized);
            settings.UseIndex = true;

            foreach (var (relicId, score) in fromIndex.Where(f => fromPostgres.ContainsKey(f.Key)))
            {
                score.ShouldBe(fromPostgres[relicId], 1e-9, $"{pair.Name}: relic {relicId}");
                compared++;
            }
        }

        compared.ShouldBeGreaterThanOrEqualTo(MatchCorpus.Pairs.Count);
    }

    private static async Task<Dictionary<string, double>> Scores(CaseService.CaseServiceClient cases, MatchRelicRequest request) =>
        (await cases.MatchRelicAsync(request)).Candidates.ToDictionary(c => c.Relic.RelicId, c => c.Score);

    private async Task<CasesServiceHost> StartLoadedAsync()
    {
        var host = await CasesServiceHost.StartAsync(servers);
        var updater = host.Services.GetRequiredService<SoughtRelicIndexUpdater>();
        // Searches use PostgreSQL alone until the first load: wait for it, so these tests prove the index.
        await Eventually.HoldsAsync(() => updater.IsLoaded, TimeSpan.FromSeconds(30), "the sought list loads");
        return host;
    }

    private static async Task<List<string>> Match(CaseService.CaseServiceClient cases, string text) =>
        [.. (await cases.MatchRelicAsync(new MatchRelicRequest { Text = text, Limit = 10 })).Candidates.Select(c => c.Relic.RelicId)];
}
