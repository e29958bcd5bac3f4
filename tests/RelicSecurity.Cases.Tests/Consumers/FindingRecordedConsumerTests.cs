using Npgsql;
using RelicSecurity.Cases.Consumers;
using IllegalExcavationRule = RelicSecurity.Cases.Domain.IllegalExcavationRule;
using RelicSecurity.Cases.Tests.Service;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Testing;
using Shouldly;
using Case = RelicSecurity.Contracts.Cases.V1.Case;
using Xunit;

namespace RelicSecurity.Cases.Tests.Consumers;

/// <summary>
/// FindingRecorded published to the real RabbitMQ as Inspections' relay would, consumed by the running Cases service
/// (real PostgreSQL, inbox, outbox): signs of illegal excavation open exactly one case per finding, other findings none.
/// </summary>
[Collection("servers")]
public sealed class FindingRecordedConsumerTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset RecordedAt = new(2026, 11, 20, 1, 30, 0, TimeSpan.Zero);

    private CasesServiceHost _host = null!;
    private TestEventBus _bus = null!;
    private NpgsqlDataSource _database = null!;

    private CaseService.CaseServiceClient Cases => _host.Cases(TestTokens.National());

    public async Task InitializeAsync()
    {
        _host = await CasesServiceHost.StartAsync(servers);
        _database = NpgsqlDataSource.Create(_host.DatabaseConnection);
        // Events published before the consumer's queue is bound would be routed nowhere.
        await Eventually.HoldsAsync(async () => await CountAsync("SELECT count(*) FROM messaging.endpoints WHERE queue = 'cases-finding-recorded'") == 1,
            Patience, "the cases-finding-recorded endpoint is ready");
        _bus = await TestEventBus.StartAsync(servers.RabbitMq.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_finding_of_illegal_excavation_published_twice_and_again_under_new_ids_opens_exactly_one_case()
    {
        var site = await RegisterSiteAsync("excavation");
        var finding = Finding(site.SiteId, "SIGNS_OF_ILLEGAL_EXCAVATION");

        var id = await _bus.PublishAsync(finding);
        await _bus.PublishAsync(finding, id);
        // The same finding under other message ids (a re-publish, a re-drive) in flight together.
        await Task.WhenAll(_bus.PublishAsync(finding), _bus.PublishAsync(finding));
        await AllDeliveredAsync();

        var cases = await CasesOfAsync(site.SiteId);
        var opened = cases.ShouldHaveSingleItem();
        opened.Type.ShouldBe(CaseType.IllegalExcavation);
        opened.Stage.ShouldBe(CaseStage.Reported);
        opened.LeadAgency.ShouldBe(Agency.PublicSecurity);
        opened.LeadProvinceCode.ShouldBe("610000");
        opened.SiteIds.ShouldBe([site.SiteId]);
        opened.CaseNumber.ShouldEndWith("-0001");
        opened.History.ShouldHaveSingleItem().Actor.ShouldBe(IllegalExcavationRule.Actor);
        (await CountAsync("SELECT count(*) FROM messaging.outbox WHERE message_type LIKE '%.CaseOpened,%'")).ShouldBe(1);
        // The three duplicates left no number behind: the next case of the province follows without a gap.
        (await Cases.OpenCaseAsync(Samples.OpenCase())).CaseNumber.ShouldEndWith("-0002");

        var audit = (await _host.Audit(TestTokens.National()).ListAuditEntriesAsync(new ListAuditEntriesRequest { RecordId = opened.CaseId })).Entries;
        // The opening is the case's first entry, by the system; the reads after it are the test's own calls.
        var entry = audit[0];
        audit.Count(e => e.Actor == IllegalExcavationRule.Actor).ShouldBe(1);
        entry.Actor.ShouldBe(IllegalExcavationRule.Actor);
        entry.Role.ShouldBe("system");
        entry.ProvinceCode.ShouldBe("610000");
        entry.Method.ShouldBe(FindingRecordedConsumer.AuditMethod);
        entry.Outcome.ShouldBe("OK");
    }

    [Fact]
    public async Task Findings_of_other_categories_open_no_case()
    {
        var site = await RegisterSiteAsync("other-categories");
        foreach (var category in new[] { "SECURITY_FACILITY", "FIRE_SAFETY", "STRUCTURAL", "STAFFING_AND_PATROL", "UNLICENSED_CONSTRUCTION", "OTHER" })
        {
            await _bus.PublishAsync(Finding(site.SiteId, category));
        }

        await AllDeliveredAsync();

        (await CasesOfAsync(site.SiteId)).ShouldBeEmpty();
        (await _host.CountAsync("cases")).ShouldBe(0);
        (await CountAsync("SELECT count(*) FROM messaging.outbox")).ShouldBe(0);
    }

    [Fact]
    public async Task Findings_of_illegal_excavation_at_two_sites_open_one_case_each()
    {
        var first = await RegisterSiteAsync("two-sites-1");
        var second = await RegisterSiteAsync("two-sites-2");

        await _bus.PublishAsync(Finding(first.SiteId, "SIGNS_OF_ILLEGAL_EXCAVATION"));
        await _bus.PublishAsync(Finding(second.SiteId, "SIGNS_OF_ILLEGAL_EXCAVATION"));
        await AllDeliveredAsync();

        (await CasesOfAsync(first.SiteId)).Count.ShouldBe(1);
        (await CasesOfAsync(second.SiteId)).Count.ShouldBe(1);
    }

    private static FindingRecorded Finding(string siteId, string category) => new(
        Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), siteId, "610000", category, "HIGH", "盗洞两处，洞口新土，现场遗留洛阳铲。",
        "inspector-610000", RecordedAt);

    private async Task<Site> RegisterSiteAsync(string requestId) =>
        await _host.Sites(TestTokens.National()).RegisterSiteAsync(new RegisterSiteRequest { Site = Samples.Site(), RequestId = requestId });

    private async Task<IReadOnlyList<Case>> CasesOfAsync(string siteId) =>
        (await Cases.ListCasesAsync(new ListCasesRequest { SiteId = siteId })).Cases;

    /// <summary>
    /// The positive signal before any assertion: every message published so far is in the consumer's inbox, and every
    /// delivery of it counted (an effect or an absorbed duplicate committed).
    /// </summary>
    private Task AllDeliveredAsync()
    {
        var ids = _bus.Published.Distinct().ToArray();
        var deliveries = _bus.Published.Count;
        return Eventually.HoldsAsync(async () =>
        {
            await using var command = _database.CreateCommand("""
                SELECT count(*), coalesce(sum(deliveries), 0) FROM messaging.inbox WHERE consumer = 'FindingRecordedConsumer' AND message_id = ANY($1)
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return reader.GetInt64(0) == ids.Length && reader.GetInt64(1) >= deliveries;
        }, Patience, $"all {deliveries} deliveries of {ids.Length} messages are in the inbox");
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
