// bench/Status: the delay from a write's commit to its effect in GetNationalStatus at a steady write rate, through the
// whole chain: RegisterSite at the gateway → Sites (row + outbox in one transaction) → relay → RabbitMQ → the gateway's
// status projection → Redis → GetNationalStatus. Private PostgreSQL, Redis and RabbitMQ; the real Sites service and
// gateway in this process. Usage: bench/Status/run.sh [--no-build] [--rate 200] [--seconds 30] [--writers 16]
// The writes are spread over --writers callers (distinct token subjects) and GetNationalStatus is polled by a caller of
// its own, as separate clients would be; the gateway's per-caller limits (Gateway:Limits) are raised for the bench, since
// on a loaded machine a write can take seconds and one caller's 64 open calls then run out: the limits are not measured here.
using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RelicSecurity.Bench.Status;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.ServiceDefaults;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

var rate = ArgValue(args, "--rate", 200);
var seconds = ArgValue(args, "--seconds", 30);
var writers = ArgValue(args, "--writers", 16);
var pollInterval = TimeSpan.FromMilliseconds(10);

var directory = await ThrowawayRuns.CreateAsync("bench-status");
await using var servers = await LocalInfrastructureHost.StartAsync(new LocalInfrastructureOptions(directory, Throwaway: true));
await servers.Postgres.EnsureDatabaseAsync("sites_bench");
var sites = await SitesApplication.StartOnLoopbackAsync(servers.Postgres.ConnectionString("sites_bench"),
    servers.Redis.ConnectionString, servers.RabbitMq.ConnectionString, builder => TestTokens.Trust(builder.Configuration));
var gateway = await StartGatewayAsync(sites.Urls.Single(), servers.Redis.ConnectionString, servers.RabbitMq.ConnectionString);
try
{
    using var channel = GrpcChannel.ForAddress(gateway.Urls.Single());
    var siteClients = Enumerable.Range(0, writers)
        .Select(w => new SiteService.SiteServiceClient(channel.WithToken(TestTokens.National($"bench-writer-{w}")))).ToArray();
    var status = new StatusService.StatusServiceClient(channel.WithToken(TestTokens.National("bench-status-reader")));
    var bus = gateway.Services.GetRequiredService<IBusControl>();
    await Eventually.HoldsAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(60), "projection consumers ready");

    // Warm-up: JIT, connection pools, queues; then wait until the status has caught up with it.
    await RunWritesAsync(siteClients, rate, rate * 3, "warm", new List<TimeSpan>(), Stopwatch.StartNew());
    var baseline = await Eventually.ReturnsAsync(async () => (await status.GetNationalStatusAsync(new GetNationalStatusRequest())).Totals.SitesTotal,
        total => total == rate * 3, TimeSpan.FromSeconds(60), "warm-up visible");

    var clock = Stopwatch.StartNew();
    var commits = new List<TimeSpan>();
    var polls = new List<(TimeSpan At, int Count)>();
    using var stopPolling = new CancellationTokenSource();
    var poller = Task.Run(async () =>
    {
        while (!stopPolling.IsCancellationRequested)
        {
            var started = clock.Elapsed;
            var total = (await status.GetNationalStatusAsync(new GetNationalStatusRequest())).Totals.SitesTotal;
            polls.Add((started, total));
            if (total - baseline >= rate * seconds)
            {
                return;
            }

            await Task.Delay(pollInterval);
        }
    });
    await RunWritesAsync(siteClients, rate, rate * seconds, "bench", commits, clock);
    var written = clock.Elapsed;
    await poller.WaitAsync(TimeSpan.FromSeconds(90));
    await stopPolling.CancelAsync();

    var delays = VisibilityDelays.Of(commits, polls, baseline).Order().ToList();
    var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    Console.WriteLine();
    Console.WriteLine($"| writes | rate (achieved) | writers | commit → GetNationalStatus p50 | p99 | max | poll every | load avg |");
    Console.WriteLine($"|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {commits.Count:N0} | {rate}/s ({commits.Count / written.TotalSeconds:0}/s) | {writers} | {Ms(VisibilityDelays.Percentile(delays, 0.50))} | {Ms(VisibilityDelays.Percentile(delays, 0.99))} | {Ms(delays[^1])} | {pollInterval.TotalMilliseconds:0} ms | {load} |"));
}
finally
{
    await gateway.StopAsync();
    await sites.StopAsync();
    await gateway.DisposeAsync();
    await sites.DisposeAsync();
}

static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0} ms");

// Writes at a fixed schedule (the i-th starts at i/rate s, from writer i mod writers), each in flight on its own,
// recording when it committed.
static async Task RunWritesAsync(SiteService.SiteServiceClient[] clients, int rate, int count, string run, List<TimeSpan> commits, Stopwatch clock)
{
    var start = clock.Elapsed;
    var calls = new List<Task>(count);
    for (var i = 0; i < count; i++)
    {
        var due = start + TimeSpan.FromSeconds((double)i / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var site = new Site
        {
            Name = $"bench {run} {i}", ProvinceCode = i % 2 == 0 ? "610000" : "330000", County = "county", Category = SiteCategory.AncientTomb,
            ProtectionLevel = ProtectionLevel.National, Latitude = 34 + i % 100 / 100.0, Longitude = 109, CustodianUnit = "unit",
            ResponsiblePerson = "person", ResponsiblePhone = "13800000000",
            Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = i % 3 == 0 },
        };
        var request = new RegisterSiteRequest { Site = site, RequestId = $"{run}-{i}" };
        var client = clients[i % clients.Length];
        calls.Add(Task.Run(async () =>
        {
            await client.RegisterSiteAsync(request, deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30));
            lock (commits)
            {
                commits.Add(clock.Elapsed);
            }
        }));
    }

    await Task.WhenAll(calls);
}

static Task<WebApplication> StartGatewayAsync(string sitesAddress, string redis, string eventBus) =>
    GatewayApplication.StartOnLoopbackAsync(
        new Dictionary<string, string?>(GatewayApplication.RaisedLimits)
        {
            ["ConnectionStrings:redis"] = redis,
            ["ConnectionStrings:eventbus"] = eventBus,
            ["ReverseProxy:Clusters:sites:Destinations:primary:Address"] = sitesAddress,
        },
        builder =>
        {
            builder.Logging.AddFilter("MassTransit", LogLevel.Error);
            TestTokens.Trust(builder.Configuration);
        });

static int ArgValue(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
