using RelicSecurity.Gateway.Extensions;
// bench/Gateway: the same unary call (SiteService.GetSite, one stored site, a national token) at the same load,
// once directly to the Sites service and once through the gateway, authentication on at both (the gateway
// validates the token, then Sites validates it again). Rounds alternate direct / gateway so that a change in
// the shared machine's load hits both alike; the load average is printed before and after.
// Usage: dotnet run -c Release --project bench/Gateway [-- --calls N --concurrency C --channels K --rounds R --warmup W]
using System.Globalization;
using Grpc.Net.Client;
using RelicSecurity.Bench.Gateway;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

var calls = ArgValue(args, "--calls", 20_000);
var concurrency = ArgValue(args, "--concurrency", 32);
var channelCount = ArgValue(args, "--channels", 4);
var rounds = ArgValue(args, "--rounds", 3);
var warmup = ArgValue(args, "--warmup", 5_000);
var deadline = TimeSpan.FromSeconds(30);
var time = TimeProvider.System;

Console.WriteLine($"load average at start: {LoadAverage()}");
await using var servers = await LocalInfrastructureHost.StartAsync(
    new LocalInfrastructureOptions(await ThrowawayRuns.CreateAsync("bench-gateway"), Throwaway: true));
await servers.Postgres.EnsureDatabaseAsync("gateway_bench");
var sites = await SitesApplication.StartOnLoopbackAsync(servers.Postgres.ConnectionString("gateway_bench"),
    servers.Redis.ConnectionString, servers.RabbitMq.ConnectionString, builder => TestTokens.Trust(builder.Configuration));
var gateway = await GatewayApplication.StartOnLoopbackAsync(
    new Dictionary<string, string?>(GatewayApplication.RaisedLimits) { ["ReverseProxy:Clusters:sites:Destinations:primary:Address"] = sites.Urls.Single() },
    builder => TestTokens.Trust(builder.Configuration));
try
{
    var token = TestTokens.National("bench-gateway");
    var (uncached, cached) = await TokenValidationCost.MeasureAsync(token, 5_000);
    Console.WriteLine(Invariant($"token validation (RS256, suite parameters): {uncached:F1} µs uncached, {cached:F1} µs from the validated-token cache"));
    var direct = Clients(sites.Urls.Single(), token);
    var through = Clients(gateway.Urls.Single(), token);
    var site = await direct.Clients[0].RegisterSiteAsync(new RegisterSiteRequest { Site = BenchSite(), RequestId = "bench-gateway" },
        deadline: Deadline());
    var request = new GetSiteRequest { SiteId = site.SiteId };
    Task GetSite(SiteService.SiteServiceClient client) => client.GetSiteAsync(request, deadline: Deadline()).ResponseAsync;

    Console.WriteLine($"GetSite, {rounds} alternating rounds per path and phase after {warmup:N0} warm-up calls each; gateway per-caller limits raised " +
        $"({string.Join(", ", GatewayApplication.RaisedLimits.Select(l => $"{l.Key}={l.Value}"))})");
    await UnaryLoad.RunAsync(direct.Clients, concurrency, warmup, GetSite);
    await UnaryLoad.RunAsync(through.Clients, concurrency, warmup, GetSite);

    // Throughput: many calls in flight over a few channels. Latency: one call at a time, where the time the
    // gateway adds is not hidden in (or inflated by) queueing for the two shared cores.
    var phases = new[] { (Name: "throughput", Concurrency: concurrency, Calls: calls), (Name: "latency", Concurrency: 1, Calls: Math.Max(500, calls / 10)) };
    var results = new Dictionary<(string Phase, string Path), LoadResult>();
    foreach (var phase in phases)
    {
        var directRounds = new List<LoadResult>();
        var throughRounds = new List<LoadResult>();
        for (var round = 0; round < rounds; round++)
        {
            directRounds.Add(await UnaryLoad.RunAsync(direct.Clients, phase.Concurrency, phase.Calls, GetSite));
            throughRounds.Add(await UnaryLoad.RunAsync(through.Clients, phase.Concurrency, phase.Calls, GetSite));
        }

        results[(phase.Name, "direct")] = LoadResult.Combine(directRounds);
        results[(phase.Name, "gateway")] = LoadResult.Combine(throughRounds);
    }

    Console.WriteLine();
    Console.WriteLine("| phase | concurrency (channels) | path | calls | failed | req/s | p50 ms | p99 ms |");
    Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
    foreach (var phase in phases)
    {
        foreach (var (path, name) in new[] { ("direct", "direct to Sites"), ("gateway", "through the gateway") })
        {
            var r = results[(phase.Name, path)];
            Console.WriteLine(Invariant(
                $"| {phase.Name} | {phase.Concurrency} ({channelCount}) | {name} | {r.Samples.Length:N0} | {r.Failures} | {r.CallsPerSecond:F0} | {r.Percentile(0.50):F2} | {r.Percentile(0.99):F2} |"));
        }
    }

    Console.WriteLine();
    var share = results[("throughput", "gateway")].CallsPerSecond / results[("throughput", "direct")].CallsPerSecond;
    var added = results[("latency", "gateway")].Percentile(0.50) - results[("latency", "direct")].Percentile(0.50);
    var addedLoaded = results[("throughput", "gateway")].Percentile(0.50) - results[("throughput", "direct")].Percentile(0.50);
    Console.WriteLine(Invariant($"throughput through the gateway: {share:P0} of direct (target >= 60 %): {(share >= 0.60 ? "MET" : "MISSED")}"));
    Console.WriteLine(Invariant($"added at p50, one call at a time: {added:F2} ms (target <= 1 ms): {(added <= 1.0 ? "MET" : "MISSED")}"));
    Console.WriteLine(Invariant($"added at p50 under the throughput load: {addedLoaded:F2} ms (queueing included)"));
    Console.WriteLine($"load average at end: {LoadAverage()}");
    foreach (var channel in direct.Channels.Concat(through.Channels))
    {
        channel.Dispose();
    }
}
finally
{
    await gateway.DisposeAsync();
    await sites.DisposeAsync();
}

DateTime Deadline() => time.GetUtcNow().UtcDateTime + deadline;

(IReadOnlyList<GrpcChannel> Channels, IReadOnlyList<SiteService.SiteServiceClient> Clients) Clients(string address, string token)
{
    var channels = Enumerable.Range(0, channelCount).Select(_ => GrpcChannel.ForAddress(address)).ToList();
    return (channels, [.. channels.Select(c => new SiteService.SiteServiceClient(c.WithToken(token)))]);
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static int ArgValue(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static Site BenchSite() => new()
{
    Name = "良渚古城遗址", ProvinceCode = "330000", County = "余杭区", Category = SiteCategory.AncientSite,
    ProtectionLevel = ProtectionLevel.National, Latitude = 30.39, Longitude = 119.99,
    CustodianUnit = "良渚遗址管理所", ResponsiblePerson = "李文", ResponsiblePhone = "0571 0000 0000",
    Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
};
