// bench/Cases: OpenCase throughput (each case naming a site, checked with the real Sites service), directly and
// through the real gateway (in-process, per-caller limits raised: the bench is one caller), and MatchRelic
// latency with 16 concurrent callers over N generated sought relics, against the real services on private
// PostgreSQL/Redis/RabbitMQ servers. Usage: dotnet run -c Release --project bench/Cases [-- --relics N --calls N --data DIR]
// --search-stage [--searches N]: MatchRelic's in-memory first stage alone, per setting, without servers (SearchStageBench).
// --data DIR keeps the servers' data in DIR: the first run loads the relics, later runs with the same --relics reuse
// them (the load line says so) and measure OpenCase and MatchRelic only.
// The relics are bulk-loaded straight into the service's database (COPY, indexes built afterwards) with the service's
// own matching columns (MatchColumns): loading a million through RegisterRelic would take an hour of this machine.
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Bench.Cases;
using Domain = RelicSecurity.Cases.Domain;
using RelicSecurity.Cases.Extensions;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Cases.Matching;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

var relicCount = ArgValue(args, "--relics", 1_000_000);
var callsPerCaller = ArgValue(args, "--calls", 50);
if (args.Contains("--search-stage"))
{
    SearchStageBench.Run(relicCount, ArgValue(args, "--searches", 2_000));
    return;
}

const int Callers = 16;
const int OpensPerCaller = 25;

var keptData = ArgText(args, "--data");
var directory = keptData is null ? await ThrowawayRuns.CreateAsync("bench-cases") : Path.GetFullPath(keptData);
await using var servers = await LocalInfrastructureHost.StartAsync(new LocalInfrastructureOptions(directory, Throwaway: true));
try
{
    await using (var admin = NpgsqlDataSource.Create(servers.Postgres.ConnectionString("postgres")))
    {
        foreach (var setting in new[] { "shared_buffers = '1GB'", "max_wal_size = '4GB'", "maintenance_work_mem = '512MB'", "work_mem = '16MB'" })
        {
            await using var alter = admin.CreateCommand($"ALTER SYSTEM SET {setting}");
            await alter.ExecuteNonQueryAsync();
        }
    }

    await servers.Postgres.RestartAsync();
    await servers.Postgres.EnsureDatabaseAsync("sites_bench");
    await servers.Postgres.EnsureDatabaseAsync("cases_bench");
    var sitesApp = await SitesApplication.StartOnLoopbackAsync(servers.Postgres.ConnectionString("sites_bench"), servers.Redis.ConnectionString,
        servers.RabbitMq.ConnectionString, builder => TestTokens.Trust(builder.Configuration));
    var casesApp = await CasesApplication.StartOnLoopbackAsync(servers.Postgres.ConnectionString("cases_bench"), servers.RabbitMq.ConnectionString,
        sitesApp.Urls.Single(), builder => TestTokens.Trust(builder.Configuration));
    var gatewayApp = await GatewayApplication.StartOnLoopbackAsync(
        new Dictionary<string, string?>(GatewayApplication.RaisedLimits)
        {
            ["ReverseProxy:Clusters:sites:Destinations:primary:Address"] = sitesApp.Urls.Single(),
            ["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = casesApp.Urls.Single(),
        },
        builder => TestTokens.Trust(builder.Configuration));
    using var sitesChannel = GrpcChannel.ForAddress(sitesApp.Urls.Single());
    using var casesChannel = GrpcChannel.ForAddress(casesApp.Urls.Single());
    using var gatewayChannel = GrpcChannel.ForAddress(gatewayApp.Urls.Single());
    var token = TestTokens.National("bench");
    var sites = new SiteService.SiteServiceClient(sitesChannel.WithToken(token));
    var cases = new CaseService.CaseServiceClient(casesChannel.WithToken(token));
    var casesViaGateway = new CaseService.CaseServiceClient(gatewayChannel.WithToken(token));

    var siteIds = new List<string>();
    for (var i = 0; i < 16; i++)
    {
        var site = new Site
        {
            Name = $"遗址{i}", ProvinceCode = "610000", County = "县", Category = SiteCategory.AncientTomb, ProtectionLevel = ProtectionLevel.Provincial,
            Latitude = 34 + i * 0.01, Longitude = 108 + i * 0.01, CustodianUnit = "单位", ResponsiblePerson = "负责人", ResponsiblePhone = "000",
            Facilities = new SecurityFacilities { Cctv = true },
        };
        siteIds.Add((await sites.RegisterSiteAsync(new RegisterSiteRequest { Site = site, RequestId = $"site-{i}" })).SiteId);
    }

    // OpenCase: every case names one site (checked with Sites), 16 callers, spread over four provinces' counters.
    string[] provinces = ["610000", "330000", "510000", "500000"];
    var caseIds = new System.Collections.Concurrent.ConcurrentBag<Guid>();
    // A run's own request ids: a reused --data directory must measure new cases, not idempotent replays.
    var run = Guid.NewGuid().ToString("N")[..8];
    // Awaited (not ContinueWith): a refused call surfaces as the RpcException the recorder counts as a failure.
    async Task Open(CaseService.CaseServiceClient client, Random random, int n, string prefix)
    {
        var opened = await client.OpenCaseAsync(new OpenCaseRequest
        {
            Title = "盗掘古墓案", Type = CaseType.IllegalExcavation, LeadProvinceCode = provinces[n % provinces.Length], LeadAgency = Agency.PublicSecurity,
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), SiteIds = { siteIds[random.Next(siteIds.Count)] }, RequestId = $"{run}-{prefix}-{n}",
        });
        caseIds.Add(Guid.Parse(opened.CaseId));
    }
    // CPU seconds so far of this process (services, gateway, callers) and of the PostgreSQL server's process tree: latency
    // on a loaded machine says little, CPU per call says what a change saved wherever the load comes from.
    (double Process, double Postgres) CpuNow() => (ProcessCpu.OwnSeconds(), ProcessCpu.TreeSeconds(servers.Postgres.ProcessId));
    string CpuPerCall((double Process, double Postgres) start, int calls)
    {
        var (process, postgres) = CpuNow();
        return string.Create(CultureInfo.InvariantCulture,
            $"{(process - start.Process) * 1000 / Math.Max(1, calls):F1} + {(postgres - start.Postgres) * 1000 / Math.Max(1, calls):F1}");
    }

    await LatencyRecorder.RunAsync("warm-up", Callers, 15, (random, n) => Open(cases, random, n, "warm"));
    var opensStart = CpuNow();
    var opens = await LatencyRecorder.RunAsync("OpenCase", Callers, OpensPerCaller, (random, n) => Open(cases, random, n, "open"));
    var opensCpu = CpuPerCall(opensStart, opens.Calls);
    await LatencyRecorder.RunAsync("warm-up via gateway", Callers, 15, (random, n) => Open(casesViaGateway, random, n, "gateway-warm"));
    var gatewayOpens = await LatencyRecorder.RunAsync("OpenCase via gateway", Callers, OpensPerCaller,
        (random, n) => Open(casesViaGateway, random, n, "gateway-open"));

    // The sought list, bulk-loaded (or reused from --data when it holds the same number).
    var stored = await CountStolenAsync(servers.Postgres.ConnectionString("cases_bench"));
    if (stored == relicCount)
    {
        Console.WriteLine($"reused {stored:N0} stored STOLEN relics from {directory}, no load this run");
    }
    else
    {
        if (stored > 0)
        {
            throw new InvalidOperationException($"{directory} holds {stored:N0} relics, not {relicCount:N0}: use another --data directory");
        }

        var load = Stopwatch.StartNew();
        await LoadRelicsAsync(servers.Postgres.ConnectionString("cases_bench"), relicCount, [.. caseIds]);
        load.Stop();
        Console.WriteLine($"loaded {relicCount:N0} STOLEN relics (COPY, then indexes, then VACUUM ANALYZE) in {load.Elapsed.TotalSeconds:F1} s");
    }

    // The service's in-memory sought list reads the bulk-loaded rows as changes (or loads them at start on a reused
    // --data directory); MatchRelic is measured once it holds them all.
    var index = casesApp.Services.GetRequiredService<SoughtRelicIndex>();
    var indexing = Stopwatch.StartNew();
    while (index.SoughtCount < relicCount)
    {
        await Task.Delay(200);
    }

    Console.WriteLine($"MatchRelic index holds {index.SoughtCount:N0} sought relics ({indexing.Elapsed.TotalSeconds:F1} s after the load); " +
        $"GC heap of the bench process (services, index, client) {GC.GetTotalMemory(forceFullCollection: true) / 1048576:N0} MB");

    var generator = new RelicGenerator();
    var firsts = 0;
    var asked = 0;
    async Task Match(Random random, int n, bool count)
    {
        var target = random.Next(relicCount);
        var (text, type, period) = generator.Seized(target, random);
        var found = await cases.MatchRelicAsync(new MatchRelicRequest { Text = text, ObjectType = type, Period = period, Limit = 10 });
        if (count)
        {
            Interlocked.Increment(ref asked);
            if (found.Candidates.Count > 0 && found.Candidates[0].Relic.InventoryNumber == target.ToString(CultureInfo.InvariantCulture))
            {
                Interlocked.Increment(ref firsts);
            }
        }
    }

    Console.WriteLine("warming up MatchRelic ...");
    // Long enough for tiered compilation to settle: with a shorter warm-up the JIT still took a tenth of the measured CPU.
    await LatencyRecorder.RunAsync("warm-up", Callers, 40, (random, n) => Match(random, n, count: false));
    var matchesStart = CpuNow();
    var pausedBefore = GC.GetTotalPauseDuration();
    var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var matches = await LatencyRecorder.RunAsync("MatchRelic", Callers, callsPerCaller, (random, n) => Match(random, n, count: true));
    var matchesCpu = CpuPerCall(matchesStart, matches.Calls);
    var matchesGc = $"GC during MatchRelic: {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:N0} ms paused in " +
        $"{GC.CollectionCount(0) - collectionsBefore.Item1} collections ({GC.CollectionCount(1) - collectionsBefore.Item2} gen1, " +
        $"{GC.CollectionCount(2) - collectionsBefore.Item3} gen2), {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";

    Console.WriteLine();
    var loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    Console.WriteLine($"bench/Cases — {Environment.ProcessorCount} cores (load average {loadAverage} at the end), PostgreSQL 15 (shared_buffers 1GB), services + client + database on one machine");
    Console.WriteLine($"scale: {relicCount:N0} sought relics{(relicCount < 1_000_000 ? " (smaller than the 1,000,000 target scale)" : "")}");
    Console.WriteLine();
    Console.WriteLine("| measurement | result | CPU ms per call: bench process + PostgreSQL | target |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| OpenCase with one site reference, {Callers} callers, {opens.Calls:N0} calls, direct to Cases | {opens.CallsPerSecond:N0}/s, p50 {opens.P50Ms:F1} ms, p99 {opens.P99Ms:F1} ms{Failed(opens)} | {opensCpu} | |");
    Console.WriteLine($"| OpenCase as above, through the gateway | {gatewayOpens.CallsPerSecond:N0}/s, p50 {gatewayOpens.P50Ms:F1} ms, p99 {gatewayOpens.P99Ms:F1} ms{Failed(gatewayOpens)} | | |");
    Console.WriteLine($"| MatchRelic over {relicCount:N0} STOLEN, {Callers} callers, {matches.Calls:N0} calls | p50 {matches.P50Ms:F1} ms, p99 {matches.P99Ms:F1} ms ({matches.CallsPerSecond:N0}/s){Failed(matches)} | {matchesCpu} | p99 ≤ 100 ms |");
    Console.WriteLine($"| MatchRelic: the described relic ranked first | {firsts:N0} of {asked:N0} ({100.0 * firsts / Math.Max(1, asked):F1} %) | | |");
    Console.WriteLine();
    Console.WriteLine(matchesGc);
    Console.WriteLine("CPU per call: CPU time of this process (services, gateway, callers) and of the PostgreSQL server over the measurement, " +
        "divided by its calls: what a change saves, whatever else loads the machine.");
    Console.WriteLine("The gateway row runs the production gateway in-process with its per-caller limits raised for the bench (" +
        string.Join(", ", GatewayApplication.RaisedLimits.Select(l => $"{l.Key}={l.Value}")) +
        "): the bench is one caller, and the default limits would measure the limiter, not the proxying.");

    await gatewayApp.StopAsync();
    await gatewayApp.DisposeAsync();
    await casesApp.StopAsync();
    await casesApp.DisposeAsync();
    await sitesApp.StopAsync();
    await sitesApp.DisposeAsync();
}
finally
{
    await servers.StopAsync();
    if (keptData is null)
    {
        ThrowawayRuns.Delete(directory);
    }
}

static string Failed(LatencyResult result) => result.Failures > 0 ? $", {result.Failures} failed" : "";

// COPY the generated relics into a staging table, then into relics with their tsvector, with the secondary indexes
// dropped and rebuilt afterwards (one GIN build is far cheaper than a million GIN insertions).
static async Task LoadRelicsAsync(string connectionString, int count, IReadOnlyList<Guid> caseIds)
{
    await using var data = NpgsqlDataSource.Create(connectionString);
    var indexes = new List<(string Name, string Definition)>();
    await using (var read = data.CreateCommand("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'relics' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%request_once'"))
    await using (var reader = await read.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
    }

    await Execute(data, string.Join(";", indexes.Select(i => $"DROP INDEX {i.Name}")) + """
        ; CREATE UNLOGGED TABLE relics_staging (relic_id uuid, case_id uuid, object_type text, title text, materials text[], period text,
            distinguishing_features text, description text, inscriptions_markings text, inventory_number text,
            match_text text, match_terms text[], match_type text, match_materials text[], match_period text)
        """);
    var generator = new RelicGenerator();
    await using (var connection = await data.OpenConnectionAsync())
    await using (var copy = await connection.BeginBinaryImportAsync("COPY relics_staging FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < count; i++)
        {
            var relic = generator.Relic(i);
            var columns = MatchColumns.Of(RelicGenerator.Description(relic), CjkMode.Bigram);
            await copy.StartRowAsync();
            await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await copy.WriteAsync(caseIds[i % caseIds.Count], NpgsqlDbType.Uuid);
            await copy.WriteAsync(relic.ObjectType, NpgsqlDbType.Text);
            await copy.WriteAsync(relic.Title, NpgsqlDbType.Text);
            await copy.WriteAsync(new[] { relic.Material }, NpgsqlDbType.Array | NpgsqlDbType.Text);
            await copy.WriteAsync(relic.Period, NpgsqlDbType.Text);
            await copy.WriteAsync(relic.Features, NpgsqlDbType.Text);
            await copy.WriteAsync(relic.Description, NpgsqlDbType.Text);
            await copy.WriteAsync(relic.Inscriptions, NpgsqlDbType.Text);
            await copy.WriteAsync(i.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
            await copy.WriteAsync(columns.Text, NpgsqlDbType.Text);
            await copy.WriteAsync(columns.Terms.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await copy.WriteAsync(columns.ObjectType, NpgsqlDbType.Text);
            await copy.WriteAsync(columns.Materials.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await copy.WriteAsync(columns.Period, NpgsqlDbType.Text);
        }

        await copy.CompleteAsync();
    }

    await Execute(data, """
        INSERT INTO relics (relic_id, case_id, object_type, title, materials, techniques, height_cm, width_cm, depth_cm, diameter_cm, weight_kg,
            inscriptions_markings, period, maker, subject, distinguishing_features, description, image_uris, inventory_number, place_of_origin,
            grade, status, current_holder, version, created_at, updated_at, created_by, match_text, match_terms, match_type, match_materials, match_period)
        SELECT relic_id, case_id, object_type, title, materials, '{}', 0, 0, 0, 0, 0, inscriptions_markings, period, '', '', distinguishing_features,
            description, '{}', inventory_number, '', 4, 1, '', 1, now(), now(), 'bench', match_text, array_to_tsvector(match_terms), match_type,
            match_materials, match_period
        FROM relics_staging;
        DROP TABLE relics_staging
        """);
    foreach (var (_, definition) in indexes)
    {
        await Execute(data, definition);
    }

    await Execute(data, "VACUUM (ANALYZE) relics");
}

static async Task<long> CountStolenAsync(string connectionString)
{
    await using var data = NpgsqlDataSource.Create(connectionString);
    await using var count = data.CreateCommand("SELECT count(*) FROM relics WHERE status = 1");
    return (long)(await count.ExecuteScalarAsync())!;
}

static async Task Execute(NpgsqlDataSource data, string sql)
{
    await using var command = data.CreateCommand(sql);
    command.CommandTimeout = 0;
    await command.ExecuteNonQueryAsync();
}

static string? ArgText(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static int ArgValue(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
