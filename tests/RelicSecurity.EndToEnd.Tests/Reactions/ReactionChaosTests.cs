using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Messaging.Operations;
using RelicSecurity.Sites.Domain;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.EndToEnd.Tests.Reactions;

/// <summary>
/// Issue 12, Show 2: 5,000 OpenCase calls over 50 sites in 5 provinces (every tenth case dropped right after), while
/// RabbitMQ is SIGKILLed and restarted and later the Sites service (its own OS process) is SIGKILLed mid-stream and
/// restarted. Once settled, every site's open_cases and the national status equal the open cases in Cases' database.
/// Kill points follow progress counters (calls answered, events applied), never the clock.
/// </summary>
[Collection("servers")]
public sealed class ReactionChaosTests(LocalServersFixture servers, ITestOutputHelper output)
{
    private const int Calls = 5_000;
    private const int SiteCount = 50;
    private const int BrokerKilledAfter = 1_000;
    // The callers pause here until the broker is back, so cases are still being opened (and Sites is still mid-stream)
    // when Sites is killed, however fast the machine drains the backlog.
    private const int PausedUntilBrokerBack = 3_000;
    // Sites is killed once it has applied this many more events after the broker came back; the callers pause at
    // the second mark until then, so that calls are made while Sites is down (Cases answers UNAVAILABLE, they repeat).
    private const int AppliedBeforeSitesKill = 500;
    private const int PausedUntilSitesKilled = 4_000;
    private static readonly string[] Provinces = ["110000", "310000", "440000", "610000", "620000"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Open_cases_per_site_and_in_the_national_status_equal_the_cases_after_broker_and_sites_kills()
    {
        await using var suite = await ReactionSuite.StartAsync(servers, sitesAsProcess: true, withInspections: false, new Dictionary<string, string?>
        {
            ["EventBackbone:PublishTimeout"] = "00:00:02",
            ["EventBackbone:RelayMaxBackoff"] = "00:00:01",
            // The broker and Sites are killed on purpose: their connection errors would bury the test's output.
            ["Logging:LogLevel:MassTransit"] = "Critical",
            ["Logging:LogLevel:RelicSecurity.ServiceDefaults.Messaging"] = "Error",
            ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Error",
        });
        var sites = await RegisterSitesAsync(suite);
        var brokerBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sitesKilled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = new CaseWriters(suite.DirectCaseClient, sites, Calls, [(PausedUntilBrokerBack, brokerBack.Task), (PausedUntilSitesKilled, sitesKilled.Task)]);
        var clock = Stopwatch.StartNew();
        try
        {
            var writing = writers.RunAsync();

            await ProgressAsync(() => writers.Completed >= BrokerKilledAfter || writing.IsCompleted, "calls before the broker kill");
            suite.Broker.Kill();
            var brokerKilledAt = clock.Elapsed;
            var answeredAtBrokerKill = writers.Completed;
            await ProgressAsync(() => writers.Completed >= PausedUntilBrokerBack || writing.IsCompleted, "calls while the broker is down");
            var answeredWhileDown = writers.Completed - answeredAtBrokerKill;
            await suite.Broker.RestartAsync();
            var brokerBackAt = clock.Elapsed;
            var appliedAtBrokerBack = await SitesInboxAsync(suite);
            brokerBack.SetResult();

            await Eventually.HoldsAsync(async () => await SitesInboxAsync(suite) >= appliedAtBrokerBack + AppliedBeforeSitesKill, Patience,
                async () => $"Sites applied {await SitesInboxAsync(suite)} events (from {appliedAtBrokerBack} at the broker's restart); Sites log:\n{suite.SitesProcess!.Output}",
                TimeSpan.FromMilliseconds(20));
            suite.SitesProcess!.Kill();
            var sitesKilledAt = clock.Elapsed;
            var answeredAtSitesKill = writers.Completed;
            sitesKilled.SetResult();
            var appliedAtSitesKill = await SitesInboxAsync(suite);
            await suite.RestartSitesProcessAsync();
            var sitesBackAt = clock.Elapsed;
            await writing;
            var writesDoneAt = clock.Elapsed;

            var comparison = "";
            await Eventually.HoldsAsync(async () => (comparison = await CompareAsync(suite, sites)).Length == 0, Patience,
                () => Task.FromResult($"not settled: {comparison}"), TimeSpan.FromMilliseconds(250));
            var settledAt = clock.Elapsed;

            var published = suite.Cases.Services.GetRequiredService<OutboxRelayStatus>();
            await using var sitesData = NpgsqlDataSource.Create(suite.SitesDatabase);
            var inbox = await InboxStats.ReadAsync(sitesData);
            var projection = suite.Gateway.Services.GetRequiredService<ConsumeProgress>();
            var events = await CountAsync(suite.CasesDatabase, "SELECT count(*) FROM messaging.outbox");
            var open = await CountAsync(suite.CasesDatabase, "SELECT count(*) FROM cases WHERE stage NOT IN (8, 9)");

            output.WriteLine($"OpenCase calls answered     {writers.Completed} ({answeredWhileDown} while the broker was down; {Calls / CaseWriters.DropEvery} cases dropped; {writers.Retries} calls repeated after UNAVAILABLE/DEADLINE_EXCEEDED)");
            output.WriteLine($"broker SIGKILLed at         {brokerKilledAt.TotalSeconds:0.0} s (after {answeredAtBrokerKill} calls), back at {brokerBackAt.TotalSeconds:0.0} s");
            output.WriteLine($"Sites SIGKILLed at          {sitesKilledAt.TotalSeconds:0.0} s (after {answeredAtSitesKill} calls) with {appliedAtSitesKill} events applied, back at {sitesBackAt.TotalSeconds:0.0} s; calls done at {writesDoneAt.TotalSeconds:0.0} s");
            output.WriteLine($"events published (Cases)    {published.Published} publishes confirmed for {events} outbox rows (failed publish attempts {published.PublishFailures})");
            output.WriteLine($"consumed by Sites           {inbox.Processed} (inbox rows)");
            output.WriteLine($"redelivered to Sites        {inbox.Redelivered}");
            output.WriteLine($"duplicates absorbed (Sites) {inbox.DuplicatesAbsorbed}");
            output.WriteLine($"consumed by the projection  {projection.ConsumedFrom("gateway-case-opened") + projection.ConsumedFrom("gateway-case-stage-changed")} deliveries (idempotent per event, no inbox)");
            output.WriteLine($"open cases                  {open} over {SiteCount} sites in {Provinces.Length} provinces: equal per site and per province in the status");
            output.WriteLine($"time to settle              {(settledAt - sitesBackAt).TotalSeconds:0.0} s after Sites' restart, {(settledAt - writesDoneAt).TotalSeconds:0.0} s after the last call ({settledAt.TotalSeconds:0.0} s in all)");

            appliedAtSitesKill.ShouldBeLessThan(events, "Sites was to be killed mid-stream");
            (await CountAsync(suite.CasesDatabase, "SELECT count(*) FROM cases")).ShouldBe(Calls, "one case per request_id, however often it was sent");
            open.ShouldBe(Calls - (Calls / CaseWriters.DropEvery));
            inbox.Processed.ShouldBe(events, "Sites applied each event once");
        }
        finally
        {
            // A failure before a kill point must not leave the paused callers waiting forever.
            brokerBack.TrySetResult();
            sitesKilled.TrySetResult();
        }
    }

    /// <summary>Ten sites per province, all facilities in place (so open cases alone move their risk).</summary>
    private static async Task<IReadOnlyList<(string SiteId, string Province)>> RegisterSitesAsync(ReactionSuite suite)
    {
        var sites = new List<(string, string)>();
        for (var i = 0; i < SiteCount; i++)
        {
            var province = Provinces[i % Provinces.Length];
            var site = await suite.SiteClient.RegisterSiteAsync(new RegisterSiteRequest
            {
                RequestId = $"chaos-site-{i}",
                Site = new Site
                {
                    Name = $"Chaos site {i}", ProvinceCode = province, County = "county", Category = SiteCategory.AncientTomb,
                    ProtectionLevel = ProtectionLevel.Provincial, Latitude = 30 + (i * 0.1), Longitude = 110 + (i * 0.1), CustodianUnit = "unit",
                    ResponsiblePerson = "person", ResponsiblePhone = "000",
                    Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
                },
            });
            sites.Add((site.SiteId, province));
        }

        return sites;
    }

    /// <summary>
    /// Empty when settled: Cases has published everything, Sites has applied every event and recomputed every site, each
    /// site's open_cases (Sites' API) and each province's open_cases in GetNationalStatus (the gateway) equal the open
    /// cases in Cases' database. Otherwise what still differs.
    /// </summary>
    private static async Task<string> CompareAsync(ReactionSuite suite, IReadOnlyList<(string SiteId, string Province)> sites)
    {
        var unsent = await CountAsync(suite.CasesDatabase, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL");
        var events = await CountAsync(suite.CasesDatabase, "SELECT count(*) FROM messaging.outbox");
        var applied = await SitesInboxAsync(suite);
        var pending = await CountAsync(suite.SitesDatabase, "SELECT count(*) FROM site_risk_pending");
        if (unsent > 0 || applied < events || pending > 0)
        {
            return $"Cases has {unsent} events unsent, Sites applied {applied} of {events} and has {pending} recomputations pending";
        }

        var openBySite = new Dictionary<string, long>();
        await using (var connection = new NpgsqlConnection(suite.CasesDatabase))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT site_ids[1], count(*) FROM cases WHERE stage NOT IN (8, 9) GROUP BY 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                openBySite[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        BatchGetSitesResponse stored;
        NationalStatus status;
        try
        {
            var request = new BatchGetSitesRequest();
            request.SiteIds.AddRange(sites.Select(s => s.SiteId));
            stored = await suite.SiteClient.BatchGetSitesAsync(request, deadline: DateTime.UtcNow.AddSeconds(10));
            status = await suite.StatusClient.GetNationalStatusAsync(new GetNationalStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        }
        catch (Grpc.Core.RpcException ex)
        {
            return $"reading: {ex.Status}";
        }

        var differences = stored.Sites
            .Where(s => s.RiskFactors.OpenCases != openBySite.GetValueOrDefault(s.SiteId) || s.RiskScore != RiskRule.OpenCaseWeight * s.RiskFactors.OpenCases)
            .Select(s => $"site {s.SiteId}: open_cases {s.RiskFactors.OpenCases} (score {s.RiskScore}), cases {openBySite.GetValueOrDefault(s.SiteId)}")
            .ToList();
        foreach (var province in Provinces)
        {
            var expected = sites.Where(s => s.Province == province).Sum(s => openBySite.GetValueOrDefault(s.SiteId));
            var reported = status.Provinces.FirstOrDefault(p => p.ProvinceCode == province)?.OpenCases ?? 0;
            if (reported != expected)
            {
                differences.Add($"status {province}: open_cases {reported}, cases {expected}");
            }
        }

        var total = openBySite.Values.Sum();
        if (status.Totals?.OpenCases != total)
        {
            differences.Add($"status totals: open_cases {status.Totals?.OpenCases}, cases {total}");
        }

        return string.Join("; ", differences.Take(8));
    }

    private static Task<long> SitesInboxAsync(ReactionSuite suite) => CountAsync(suite.SitesDatabase, "SELECT count(*) FROM messaging.inbox");

    private static Task ProgressAsync(Func<bool> reached, string what) =>
        Eventually.HoldsAsync(reached, Patience, what + " stalled", TimeSpan.FromMilliseconds(10));

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
