using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Inspections.Extensions;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Consumers;

/// <summary>SiteRiskChanged events on the real RabbitMQ reach the running Inspections service, which applies the RISK_TRIGGERED rule.</summary>
[Collection("servers")]
public sealed class SiteRiskChangedConsumerTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const string Queue = "inspections-site-risk-changed";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private WebApplication _app = null!;
    private NpgsqlDataSource _database = null!;
    private TestEventBus _bus = null!;

    public async Task InitializeAsync()
    {
        var database = await servers.CreateDatabaseAsync("inspections");
        // No Sites calls happen on this path; the address only has to be well-formed.
        _app = await InspectionsApplication.StartOnLoopbackAsync(database, servers.RabbitMq.ConnectionString, "http://127.0.0.1:9",
            builder => TestTokens.Trust(builder.Configuration));
        _database = NpgsqlDataSource.Create(database);
        await Eventually.HoldsAsync(async () => await CountAsync("SELECT count(*) FROM messaging.endpoints WHERE queue = $1", Queue) == 1,
            Patience, "the SiteRiskChanged consumer is ready");
        _bus = await TestEventBus.StartAsync(servers.RabbitMq.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Rises_into_high_or_critical_plan_one_risk_triggered_inspection_however_many_arrive()
    {
        var site = Guid.NewGuid().ToString();
        var quiet = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        var rise = new SiteRiskChanged(site, "610000", "MEDIUM", "CRITICAL", 4, 12, "CRITICAL hazard recorded", now);
        var id = await _bus.PublishAsync(rise);
        await _bus.PublishAsync(rise, id);
        await _bus.PublishAsync(rise);
        await _bus.PublishAsync(new SiteRiskChanged(site, "610000", "LOW", "HIGH", 2, 6, "case opened", now.AddSeconds(-1)));
        // Not rises into HIGH/CRITICAL: nothing for this site.
        await _bus.PublishAsync(new SiteRiskChanged(quiet, "610000", "LOW", "MEDIUM", 0, 3, "case opened", now));
        await _bus.PublishAsync(new SiteRiskChanged(quiet, "610000", "CRITICAL", "HIGH", 10, 8, "case closed", now));

        var progress = _app.Services.GetRequiredService<ConsumeProgress>();
        await Eventually.HoldsAsync(() => progress.ConsumedFrom(Queue) >= _bus.Published.Count, Patience, "every risk change consumed");

        (await CountAsync("SELECT count(*) FROM inspections WHERE origin = 2 AND state = 1 AND $1 = ANY(site_ids)", Guid.Parse(site))).ShouldBe(1);
        (await CountAsync("SELECT count(*) FROM inspections WHERE window_end <= created_at + interval '14 days' AND $1 = ANY(site_ids)", Guid.Parse(site)))
            .ShouldBe(1);
        (await CountAsync("SELECT count(*) FROM inspections WHERE $1 = ANY(site_ids)", Guid.Parse(quiet))).ShouldBe(0);
    }

    private async Task<long> CountAsync(string sql, object value)
    {
        await using var command = _database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
