using Npgsql;
using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Sites.Tests.Service;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Consumers;

/// <summary>
/// Cases and Inspections events published to the real RabbitMQ move the risk of sites in the running Sites service
/// (real PostgreSQL, inbox, recalculator); repeats and late arrivals leave the same result.
/// </summary>
[Collection("servers")]
public sealed class RiskInputConsumerTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const int ConsumerCount = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset At = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private SitesServiceHost _host = null!;
    private TestEventBus _bus = null!;
    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        _host = await SitesServiceHost.StartAsync(servers);
        _database = NpgsqlDataSource.Create(_host.DatabaseConnection);
        // Events published before the consumer queues are bound would be routed nowhere.
        await Eventually.HoldsAsync(async () => await CountAsync("SELECT count(*) FROM messaging.endpoints") >= ConsumerCount,
            Patience, "the Sites consumer endpoints are ready");
        _bus = await TestEventBus.StartAsync(servers.RabbitMq.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Opening_a_case_on_a_site_counts_it_and_closing_it_takes_it_back()
    {
        var site = await RegisterAsync("open-close");
        var caseId = Guid.NewGuid().ToString();

        await _bus.PublishAsync(Opened(caseId, site.SiteId, version: 1));
        var opened = await SettledSiteAsync(site.SiteId);
        opened.RiskFactors.OpenCases.ShouldBe(1);
        opened.RiskScore.ShouldBe(site.RiskScore + 3);
        opened.RiskLevel.ShouldBe(RiskLevel.Medium);

        await _bus.PublishAsync(StageChanged(caseId, site.SiteId, "CLOSED", version: 2));
        var closed = await SettledSiteAsync(site.SiteId);
        closed.RiskFactors.OpenCases.ShouldBe(0);
        closed.RiskScore.ShouldBe(site.RiskScore);
        closed.RiskLevel.ShouldBe(RiskLevel.Low);
        (await CountAsync("SELECT count(*) FROM messaging.outbox WHERE message_type LIKE '%SiteRiskChanged%'")).ShouldBe(2);
    }

    [Fact]
    public async Task Repeated_and_reordered_case_events_leave_the_same_open_cases()
    {
        var site = await RegisterAsync("reorder");
        var closedFirst = Guid.NewGuid().ToString();
        var stillOpen = Guid.NewGuid().ToString();

        // The close (version 3) overtakes its case's opening (version 1) and an intermediate stage (version 2).
        await _bus.PublishAsync(StageChanged(closedFirst, site.SiteId, "DROPPED", version: 3));
        await _bus.PublishAsync(Opened(closedFirst, site.SiteId, version: 1));
        await _bus.PublishAsync(StageChanged(closedFirst, site.SiteId, "INVESTIGATION", version: 2));
        // One opening delivered twice with the same id (absorbed by the inbox) and once more under a new id
        // (absorbed by the per-case record).
        var opening = Opened(stillOpen, site.SiteId, version: 1);
        var id = await _bus.PublishAsync(opening);
        await _bus.PublishAsync(opening, id);
        await _bus.PublishAsync(opening);

        var settled = await SettledSiteAsync(site.SiteId);
        settled.RiskFactors.OpenCases.ShouldBe(1);
        settled.RiskScore.ShouldBe(site.RiskScore + 3);
    }

    [Fact]
    public async Task Hazards_stay_open_until_verified_and_overdue_orders_count_until_verified()
    {
        var site = await RegisterAsync("hazards");
        var critical = Finding(site.SiteId, "CRITICAL");
        var high = Finding(site.SiteId, "HIGH");
        var order = Guid.NewGuid().ToString();

        await _bus.PublishAsync(critical);
        await _bus.PublishAsync(critical);
        await _bus.PublishAsync(high);
        await _bus.PublishAsync(new RectificationOverdue(order, high.FindingId, site.SiteId, "610000", "HIGH", At, At.AddMinutes(1), 2));
        var raised = await SettledSiteAsync(site.SiteId);
        raised.RiskFactors.OpenHazardsCritical.ShouldBe(1);
        raised.RiskFactors.OpenHazardsHigh.ShouldBe(1);
        raised.RiskFactors.OverdueRectifications.ShouldBe(1);
        raised.RiskScore.ShouldBe(site.RiskScore + 8 + 4 + 4);
        raised.RiskLevel.ShouldBe(RiskLevel.Critical);

        // A failed verification leaves the hazard open (the order is no longer overdue); a passed one closes it.
        var failedOrder = Guid.NewGuid().ToString();
        await _bus.PublishAsync(new RectificationVerified(order, high.FindingId, site.SiteId, "610000", "HIGH", true, "OVERDUE", "fixed", At.AddDays(2), 3));
        await _bus.PublishAsync(new RectificationVerified(failedOrder, critical.FindingId, site.SiteId, "610000", "CRITICAL", false, "OPEN", "not yet", At.AddDays(2), 2));
        var verified = await SettledSiteAsync(site.SiteId);
        verified.RiskFactors.OpenHazardsHigh.ShouldBe(0);
        verified.RiskFactors.OpenHazardsCritical.ShouldBe(1);
        verified.RiskFactors.OverdueRectifications.ShouldBe(0);
        verified.RiskScore.ShouldBe(site.RiskScore + 8);
    }

    [Fact]
    public async Task A_verification_arriving_before_its_finding_and_an_old_overdue_notice_change_nothing()
    {
        var site = await RegisterAsync("verified-first");
        var finding = Finding(site.SiteId, "MEDIUM");
        var order = Guid.NewGuid().ToString();

        await _bus.PublishAsync(new RectificationVerified(order, finding.FindingId, site.SiteId, "610000", "MEDIUM", true, "OVERDUE", "ok", At.AddDays(3), 3));
        await _bus.PublishAsync(new RectificationOverdue(order, finding.FindingId, site.SiteId, "610000", "MEDIUM", At, At.AddMinutes(1), 2));
        await _bus.PublishAsync(finding);

        var settled = await SettledSiteAsync(site.SiteId);
        settled.RiskFactors.OpenHazardsMedium.ShouldBe(0);
        settled.RiskFactors.OverdueRectifications.ShouldBe(0);
        settled.RiskScore.ShouldBe(site.RiskScore);
    }

    [Fact]
    public async Task Last_inspected_at_is_the_latest_completion_whatever_order_they_arrive_in()
    {
        var site = await RegisterAsync("inspected");
        var later = At.AddDays(10);

        await _bus.PublishAsync(new InspectionCompleted(Guid.NewGuid().ToString(), "610000", [site.SiteId], 0, later, 4));
        await _bus.PublishAsync(new InspectionCompleted(Guid.NewGuid().ToString(), "610000", [site.SiteId], 2, At, 4));

        var settled = await SettledSiteAsync(site.SiteId);
        settled.LastInspectedAt.ToDateTimeOffset().ShouldBe(later);
        settled.RiskScore.ShouldBe(site.RiskScore);
    }

    private async Task<Site> RegisterAsync(string requestId)
    {
        var input = SampleSites.Valid(name: "site " + requestId);
        return await _host.Client.RegisterSiteAsync(new RegisterSiteRequest { Site = input, RequestId = requestId });
    }

    /// <summary>
    /// Waits until every message published so far is in the inbox (applied, or absorbed as a repeat) and no site waits
    /// for its risk to be recomputed, then reads the site.
    /// </summary>
    private async Task<Site> SettledSiteAsync(string siteId)
    {
        var expected = _bus.Published.Distinct().ToArray();
        await Eventually.HoldsAsync(async () =>
            {
                await using var command = _database.CreateCommand("""
                    SELECT (SELECT count(DISTINCT message_id) FROM messaging.inbox WHERE message_id = ANY($1)) = $2
                       AND NOT EXISTS (SELECT 1 FROM site_risk_pending)
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = expected });
                command.Parameters.Add(new NpgsqlParameter { Value = (long)expected.Length });
                return (bool)(await command.ExecuteScalarAsync())!;
            },
            Patience, $"{expected.Length} messages consumed and every site recalculated");
        return await _host.Client.GetSiteAsync(new GetSiteRequest { SiteId = siteId });
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static CaseOpened Opened(string caseId, string siteId, long version) =>
        new(Guid.NewGuid(), caseId, "C-" + caseId[..8], "THEFT", "REPORTED", "610000", [], [siteId], "NONE", At, At, version);

    private static CaseStageChanged StageChanged(string caseId, string siteId, string toStage, long version) =>
        new(Guid.NewGuid(), caseId, "C-" + caseId[..8], "THEFT", "REPORTED", toStage, "610000", [], [siteId], "NONE", [], null,
            "tester", At, At.AddDays(version), version);

    private static FindingRecorded Finding(string siteId, string severity) =>
        new(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), siteId, "610000", "FIRE_SAFETY", severity, "found", "inspector", At);
}
