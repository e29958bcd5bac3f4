// bench/Sites: imports the national survey (766,722 sites) through ImportSites and measures filtered
// ListSites and SearchSitesNearby at 32 concurrent callers, against the real service on private
// PostgreSQL/Redis/RabbitMQ servers. Usage: dotnet run -c Release --project bench/Sites [-- --rows N --calls N --data DIR]
// --data DIR keeps the servers' data in DIR: the first run imports, later runs with the same --rows
// reuse the stored survey (the import line then says so) and measure only the queries.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RelicSecurity.Bench.Sites;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Sites.Nearby;
using Grpc.Core;
using Grpc.Net.Client;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.Testing;

var rows = ArgValue(args, "--rows", SurveyGenerator.SurveyTotal);
var callsPerCaller = ArgValue(args, "--calls", 100);
var keptData = ArgText(args, "--data");
const int Callers = 32;
const int ImportStreams = 2;

var directory = keptData is null ? await ThrowawayRuns.CreateAsync("bench-sites") : Path.GetFullPath(keptData);
await using var servers = await LocalInfrastructureHost.StartAsync(new LocalInfrastructureOptions(directory, Throwaway: true));
try
{
    // A bulk-load server, not a laptop default: 128 MB of shared buffers would make the index
    // maintenance of 766k rows spill to disk. Recorded in the printed table.
    await using (var admin = NpgsqlDataSource.Create(servers.Postgres.ConnectionString("postgres")))
    {
        foreach (var setting in new[] { "shared_buffers = '1GB'", "max_wal_size = '4GB'", "work_mem = '16MB'" })
        {
            await using var alter = admin.CreateCommand($"ALTER SYSTEM SET {setting}");
            await alter.ExecuteNonQueryAsync();
        }
    }

    await servers.Postgres.RestartAsync();
    var fresh = await servers.Postgres.EnsureDatabaseAsync("sites_bench");
    // --db-options "Max Pool Size=4;..." appends Npgsql settings to the service's connection string (tuning runs).
    var databaseOptions = ArgText(args, "--db-options");
    // After the import the service fills in its kept site encodings a small chunk per poll (minutes for
    // the whole survey, so its calls keep the cores); the bench lets it take bigger chunks and waits for
    // it below, so the queries are measured as they run once that is done.
    var app = await SitesApplication.StartOnLoopbackAsync(
        servers.Postgres.ConnectionString("sites_bench") + (databaseOptions is null ? "" : ";" + databaseOptions),
        servers.Redis.ConnectionString, servers.RabbitMq.ConnectionString,
        builder =>
        {
            builder.Configuration["Sites:NearbyIndex:FillChunk"] = "20000";
            // Authentication on, as in production: the bench calls as the national working group.
            TestTokens.Trust(builder.Configuration);
        });
    using var channel = GrpcChannel.ForAddress(app.Urls.Single());
    var sites = new SiteService.SiteServiceClient(channel.WithToken(TestTokens.National()));

    var generator = new SurveyGenerator();
    var stored = fresh ? 0 : (await sites.ListSitesAsync(new ListSitesRequest { PageSize = 1 })).TotalSize;
    var imported = 0;
    var rejected = 0;
    TimeSpan? importTime = null;
    if (stored == 0)
    {
        importTime = await ImportSurveyAsync();
    }
    else if (stored != rows)
    {
        throw new InvalidOperationException($"{directory} holds {stored:N0} sites, not {rows:N0}: use another --data directory");
    }

    async Task<TimeSpan> ImportSurveyAsync()
    {
        // Import: the survey split over a few concurrent client streams (each server-side stream pipelines
        // validation with COPY batches on its own connection).
        Console.WriteLine($"importing {rows:N0} generated survey rows over {ImportStreams} ImportSites streams ...");
        var all = generator.Rows(rows).ToList();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, ImportStreams).Select(async stream =>
        {
            using var call = sites.ImportSites();
            for (var i = stream; i < all.Count; i += ImportStreams)
            {
                await call.RequestStream.WriteAsync(all[i]);
            }

            await call.RequestStream.CompleteAsync();
            var summary = await call;
            Interlocked.Add(ref imported, summary.Imported);
            Interlocked.Add(ref rejected, summary.Rejected);
        }));
        watch.Stop();
        var importTook = watch.Elapsed;

        // What autovacuum does within a minute of a bulk load, done at once so the measurements do not
        // race it: statistics, the visibility map (index-only scans) and the GIN pending list flushed.
        watch.Restart();
        await using (var data = NpgsqlDataSource.Create(servers.Postgres.ConnectionString("sites_bench")))
        {
            await using var vacuum = data.CreateCommand("VACUUM (ANALYZE) sites");
            await vacuum.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"VACUUM (ANALYZE) after the import: {watch.Elapsed.TotalSeconds:F1} s");
        return importTook;
    }

    var national = (await sites.ListSitesAsync(new ListSitesRequest { ProtectionLevel = ProtectionLevel.National, PageSize = 1 })).TotalSize;
    var total = (await sites.ListSitesAsync(new ListSitesRequest { PageSize = 1 })).TotalSize;
    Console.WriteLine(importTime is { } took
        ? $"imported {imported:N0}, rejected {rejected:N0}, stored {total:N0} ({national:N0} NATIONAL) in {took.TotalSeconds:F1} s"
        : $"reused {total:N0} stored sites ({national:N0} NATIONAL) from {directory}, no import this run");

    var categories = SurveyGenerator.CategoryMix.Select(c => c.Category).ToArray();
    Task ListFiltered(Random random)
    {
        var province = generator.RandomProvince(random);
        return sites.ListSitesAsync(new ListSitesRequest
        {
            ProvinceCode = province.Code,
            Category = categories[random.Next(categories.Length)],
            MinRiskLevel = random.Next(2) == 0 ? RiskLevel.Medium : RiskLevel.Unspecified,
            PageSize = 50,
        }).ResponseAsync;
    }

    Task ListByName(Random random) =>
        sites.ListSitesAsync(new ListSitesRequest { NameQuery = random.Next(2) == 0 ? "石窟" : "摩崖造像", ProvinceCode = generator.RandomProvince(random).Code, PageSize = 50 }).ResponseAsync;

    Task Nearby(Random random)
    {
        var province = generator.RandomProvince(random);
        return sites.SearchSitesNearbyAsync(new SearchSitesNearbyRequest
        {
            Latitude = province.Lat + (random.NextDouble() * 2 - 1) * province.Spread,
            Longitude = province.Lon + (random.NextDouble() * 2 - 1) * province.Spread,
            RadiusKm = 25,
            Limit = 50,
        }).ResponseAsync;
    }

    // Warm-up (JIT, connection pools, PostgreSQL caches), then the measured runs.
    // Warm-up until the service runs its final code: tiered compilation with dynamic PGO first runs
    // instrumented code for a while, and measuring that would be measuring the JIT, not the service.
    // SearchSitesNearby answers from the service's in-memory index once it has loaded; measure that.
    var feed = app.Services.GetRequiredService<SiteLocationFeed>();
    var loading = Stopwatch.StartNew();
    while (!feed.IsCurrent)
    {
        await Task.Delay(50);
    }

    var index = app.Services.GetRequiredService<SiteLocationIndex>();
    while (index.WithoutEncodingCount > 0)
    {
        await Task.Delay(100);
    }

    var heap = GC.GetTotalMemory(forceFullCollection: true);
    Console.WriteLine($"nearby index current and its site encodings filled in after {loading.Elapsed.TotalSeconds:F1} s more; GC heap of the bench process (service, index, client) {heap / 1e6:F0} MB");
    Console.WriteLine("warming up ...");
    for (var round = 0; round < 3; round++)
    {
        await LatencyRecorder.RunAsync("warm-up", Callers, 40, ListFiltered);
        await LatencyRecorder.RunAsync("warm-up", Callers, 40, Nearby);
        await LatencyRecorder.RunAsync("warm-up", Callers, 40, ListByName);
        await Task.Delay(TimeSpan.FromSeconds(1)); // lets the background JIT catch up
    }

    var results = new List<LatencyResult>
    {
        await MeasureAsync("ListSites (province + category [+ min_risk_level], page 50)", ListFiltered),
        await MeasureAsync("ListSites (province + name_query, page 50)", ListByName),
        await MeasureAsync("SearchSitesNearby (25 km, limit 50)", Nearby),
    };

    async Task<LatencyResult> MeasureAsync(string name, Func<Random, Task> call)
    {
        Console.WriteLine($"measuring {name} ...");
        var bench = ProcessCpu.OwnSeconds();
        var postgres = ProcessCpu.TreeSeconds(servers.Postgres.ProcessId);
        var result = await LatencyRecorder.RunAsync(name, Callers, callsPerCaller, call);
        return result with
        {
            BenchCpuMsPerCall = (ProcessCpu.OwnSeconds() - bench) * 1000 / result.Calls,
            PostgresCpuMsPerCall = (ProcessCpu.TreeSeconds(servers.Postgres.ProcessId) - postgres) * 1000 / result.Calls,
        };
    }

    Console.WriteLine();
    var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    Console.WriteLine($"bench/Sites — {Environment.ProcessorCount} cores (load average {load} at the end), PostgreSQL 15 (shared_buffers 1GB), service + client + database on one machine");
    Console.WriteLine();
    Console.WriteLine("| measurement | result | CPU per call (bench process: client + service / PostgreSQL) | target |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine(importTime is { } importTook
        ? $"| import {imported:N0} sites (ImportSites, {ImportStreams} streams) | {importTook.TotalSeconds:F1} s ({imported / importTook.TotalSeconds:N0} rows/s) | | ≤ 60 s |"
        : $"| import | not measured (stored survey of {total:N0} sites reused with --data) | | ≤ 60 s |");
    foreach (var r in results)
    {
        Console.WriteLine($"| {r.Name}, {Callers} callers, {r.Calls:N0} calls | p50 {r.P50Ms:F1} ms, p99 {r.P99Ms:F1} ms ({r.CallsPerSecond:N0}/s{(r.Failures > 0 ? $", {r.Failures} failed" : "")}) | {r.BenchCpuMsPerCall:F2} ms / {r.PostgresCpuMsPerCall:F2} ms | p99 ≤ 20 ms |");
    }

    await app.StopAsync();
    await app.DisposeAsync();
}
finally
{
    await servers.StopAsync();
    if (keptData is null)
    {
        ThrowawayRuns.Delete(directory);
    }
}

static int ArgValue(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static string? ArgText(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
