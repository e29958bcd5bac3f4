using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Inspections.Tests.Persistence;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Service;

/// <summary>
/// A CRITICAL rise reaching the running service while the site's inspection is IN_PROGRESS (as it does when that
/// inspection's own finding raised it) plans its RISK_TRIGGERED inspection when the inspection completes: real Sites,
/// Inspections, PostgreSQL and RabbitMQ, SiteRiskChanged published as Sites' relay would.
/// </summary>
[Collection("servers")]
public sealed class RiskFollowUpTests(LocalServersFixture servers)
{
    private const string Shaanxi = "610000";
    private const string Queue = "inspections-site-risk-changed";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_critical_rise_during_the_inspection_plans_nothing_until_it_completes_then_exactly_one_also_when_redelivered()
    {
        await using var suite = await SuiteUnderTest.StartAsync(servers);
        await using var database = NpgsqlDataSource.Create(suite.InspectionsDatabase);
        await Eventually.HoldsAsync(async () => await CountAsync(database, "SELECT count(*) FROM messaging.endpoints WHERE queue = $1", Queue) == 1,
            Patience, "the SiteRiskChanged consumer is ready");
        await using var bus = await TestEventBus.StartAsync(servers.RabbitMq.ConnectionString);
        var client = suite.Inspections(TestTokens.National());
        var siteId = await suite.RegisterSiteAsync(Shaanxi);
        var site = Guid.Parse(siteId);
        var planned = await client.PlanInspectionAsync(Requests.Plan(Shaanxi, siteId));
        await client.StartInspectionAsync(new StartInspectionRequest { InspectionId = planned.InspectionId });

        var rise = new SiteRiskChanged(siteId, Shaanxi, "LOW", "CRITICAL", 2, 10, "CRITICAL hazard recorded", DateTimeOffset.UtcNow);
        var riseId = await bus.PublishAsync(rise);
        await Eventually.HoldsAsync(async () => await CountAsync(database, "SELECT count(*) FROM site_risk WHERE site_id = $1 AND rise_owed", site) == 1,
            Patience, "the rise reached the rule and is owed");
        (await RiskTriggeredAsync(client, siteId)).ShouldBeEmpty("the site's inspection is IN_PROGRESS");

        await client.CompleteInspectionAsync(new CompleteInspectionRequest { InspectionId = planned.InspectionId });
        var followUp = (await RiskTriggeredAsync(client, siteId)).ShouldHaveSingleItem("planned with the completion");
        followUp.State.ShouldBe(InspectionState.Planned);
        followUp.SiteIds.ShouldBe([siteId]);
        (await StoreUnderTest.OutboxCountAsync(suite.InspectionsDatabase, "InspectionPlanned", followUp.InspectionId)).ShouldBe(1);

        // The rise again, as a broker redelivery (same id) and as a copy (new id); then the follow-up is cancelled, so an
        // owed rise would show as a second inspection.
        var progress = suite.Instances[0].Services.GetRequiredService<ConsumeProgress>();
        var consumedBefore = progress.ConsumedFrom(Queue);
        await bus.PublishAsync(rise, riseId);
        await bus.PublishAsync(rise);
        await Eventually.HoldsAsync(() => progress.ConsumedFrom(Queue) >= consumedBefore + 2, Patience, "both copies consumed");
        await client.CancelInspectionAsync(new CancelInspectionRequest { InspectionId = followUp.InspectionId });
        (await RiskTriggeredAsync(client, siteId)).ShouldHaveSingleItem().InspectionId.ShouldBe(followUp.InspectionId);
    }

    private static async Task<IReadOnlyList<Inspection>> RiskTriggeredAsync(InspectionService.InspectionServiceClient client, string siteId) =>
        (await client.ListInspectionsAsync(new ListInspectionsRequest { SiteId = siteId, Origin = InspectionOrigin.RiskTriggered })).Inspections;

    private static async Task<long> CountAsync(NpgsqlDataSource database, string sql, object value)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
