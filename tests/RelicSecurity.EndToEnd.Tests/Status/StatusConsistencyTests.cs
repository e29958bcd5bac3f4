using System.Diagnostics;
using Google.Protobuf;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.Testing;
using Shouldly;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.EndToEnd.Tests.Status;

/// <summary>
/// Issue 12, Show 3: after a reproducible random sequence of operations across the services, the national status
/// equals what the services' own databases say (SQL on each); after a rebuild — run while more operations go on, from
/// a projection deliberately damaged first — it equals them again.
/// </summary>
[Collection("servers")]
public sealed class StatusConsistencyTests(LocalServersFixture servers, ITestOutputHelper output)
{
    private const int Seed = 20261207;
    private const int Operations = 1000;
    private const int OperationsDuringRebuild = 200;
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task After_random_operations_and_after_a_rebuild_during_traffic_the_national_status_equals_the_services_databases()
    {
        output.WriteLine($"seed {Seed} ({Operations} operations, then at least {OperationsDuringRebuild} more during the rebuild)");
        await using var suite = await StatusSuite.StartAsync(servers);
        var token = TestTokens.National();
        var gateway = suite.Channel.WithToken(token);
        var status = new StatusService.StatusServiceClient(gateway);
        var operations = new RandomOperations(new Random(Seed), gateway, TimeProvider.System);

        var clock = Stopwatch.StartNew();
        await operations.RunAsync(Operations);
        output.WriteLine($"{Operations} operations in {clock.Elapsed.TotalSeconds:0.0} s; done: {Describe(operations.Done)}; refused: {Describe(operations.Failed)}");
        operations.Done.Values.Sum().ShouldBeGreaterThan(Operations * 9 / 10, "the model keeps the operations legal");

        var caughtUp = await Eventually.HoldsAsync(async () => (await CompareAsync(suite, status)).Equal, CatchUp,
            async () => (await CompareAsync(suite, status)).Differences);
        output.WriteLine($"projection equal to the databases {caughtUp.TotalSeconds:0.0} s after the last operation");
        var table = await StatusTableAsync(suite, token);
        output.WriteLine(table);
        table.ShouldContain("000000 (national)");
        table.ShouldContain("610000");

        // Damage the live projection the way only a rebuild can repair: inflated totals, a province's counters gone.
        var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        await using (redis)
        {
            var database = redis.GetDatabase();
            await database.HashIncrementAsync($"{suite.KeyPrefix}p:000000", "open_cases", 1000);
            await database.KeyDeleteAsync($"{suite.KeyPrefix}p:610000");
        }

        (await status.GetNationalStatusAsync(new GetNationalStatusRequest())).Totals.OpenCases.ShouldBeGreaterThanOrEqualTo(1000);

        // Traffic all the while the rebuild runs, until it is live (and at least OperationsDuringRebuild operations).
        clock.Restart();
        var rebuild = RelicCtl.RunAsAsync(suite.GatewayAddress, token, "status", "rebuild", "--page-size", "20");
        var during = 0;
        while (during < OperationsDuringRebuild || !rebuild.IsCompleted)
        {
            await operations.RunAsync(20);
            during += 20;
        }

        var rebuilt = await rebuild;
        output.WriteLine($"rebuild ({clock.Elapsed.TotalSeconds:0.0} s with {during} operations beside it): {rebuilt.Output.Trim()}");
        rebuilt.ExitCode.ShouldBe(0, rebuilt.ToString());
        rebuilt.Output.ShouldContain("is live");

        caughtUp = await Eventually.HoldsAsync(async () => (await CompareAsync(suite, status)).Equal, CatchUp,
            async () => (await CompareAsync(suite, status)).Differences);
        output.WriteLine($"after the rebuild: equal to the databases {caughtUp.TotalSeconds:0.0} s after the last operation; done: {Describe(operations.Done)}; refused: {Describe(operations.Failed)}");

        var json = await RelicCtl.RunAsAsync(suite.GatewayAddress, token, "status", "--output", "json");
        json.ExitCode.ShouldBe(0, json.ToString());
        var printed = JsonParser.Default.Parse<NationalStatus>(json.Output);
        var expected = await DatabaseCounts.ReadAsync(suite.SitesDatabase, suite.CasesDatabase, suite.InspectionsDatabase, DateTimeOffset.UtcNow);
        Normalized(printed.Totals).ShouldBe(Normalized(expected["000000"]));
    }

    private static async Task<(bool Equal, string Differences)> CompareAsync(StatusSuite suite, StatusService.StatusServiceClient status)
    {
        var national = await status.GetNationalStatusAsync(new GetNationalStatusRequest());
        var expected = await DatabaseCounts.ReadAsync(suite.SitesDatabase, suite.CasesDatabase, suite.InspectionsDatabase, DateTimeOffset.UtcNow);
        var actual = national.Provinces.Append(national.Totals).ToDictionary(s => s.ProvinceCode, Normalized, StringComparer.Ordinal);
        var differences = expected.Keys.Union(actual.Keys)
            .Order(StringComparer.Ordinal)
            .Select(p => (Province: p, Expected: expected.TryGetValue(p, out var e) ? Normalized(e) : Empty(p), Actual: actual.GetValueOrDefault(p) ?? Empty(p)))
            .Where(d => d.Expected != d.Actual)
            .Select(d => $"{d.Province}:\n  databases  {d.Expected}\n  projection {d.Actual}")
            .ToList();
        return (differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>The counts alone (no as_of), as JSON with the map keys in order; a province with nothing in it equals one not listed.</summary>
    private static string Normalized(ProvinceStatus status)
    {
        var copy = status.Clone();
        copy.AsOf = null;
        copy.OpenCasesByType.Clear();
        copy.OpenCasesByType.Add(NonZeroInOrder(status.OpenCasesByType));
        copy.SitesByRisk.Clear();
        copy.SitesByRisk.Add(NonZeroInOrder(status.SitesByRisk));
        return JsonFormatter.Default.Format(copy);
    }

    private static Dictionary<string, int> NonZeroInOrder(IDictionary<string, int> map) =>
        map.Where(e => e.Value != 0).OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value);

    private static string Empty(string province) => Normalized(new ProvinceStatus { ProvinceCode = province });

    private static async Task<string> StatusTableAsync(StatusSuite suite, string token) =>
        (await RelicCtl.RunAsAsync(suite.GatewayAddress, token, "status")).Output;

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
