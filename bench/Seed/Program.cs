// bench/Seed: `relicctl seed --scale national` (the real command, in this process) through the real gateway with its
// DEFAULT per-caller limits (200 calls/s, burst 400, 64 at once: what a user's seed meets), then the national dashboard's
// load time with that data in Debian's headless chromium, for a national and a provincial sign-in. Sites, Cases,
// Inspections and the gateway (status projection, dashboard page) run in this process with their production wiring on
// private PostgreSQL (durable, as the app host runs it), Redis and RabbitMQ servers.
// Usage: bench/Seed/run.sh [--no-build] [--data DIR] [--scale national|small] [--loads 5] [--skip-seed] [--raised-limits]
// --data DIR keeps the servers' data (default: a throwaway directory); --skip-seed measures the dashboard on a DIR seeded
// by an earlier run; --raised-limits lifts the gateway's per-caller limits (GatewayApplication.RaisedLimits) to show what
// the limits cost.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Net.Client;
using RelicSecurity.Bench.Seed;
using RelicSecurity.Cli.Seed;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.Testing;
using RelicSecurity.Testing.Browser;

var scale = ArgText(args, "--scale") ?? "national";
var loads = int.Parse(ArgText(args, "--loads") ?? "5", CultureInfo.InvariantCulture);
var skipSeed = args.Contains("--skip-seed");
var raisedLimits = args.Contains("--raised-limits");
const int Seed = 2026;
const string Shaanxi = "610000";
var keptData = ArgText(args, "--data");
var directory = keptData is null ? await ThrowawayRuns.CreateAsync("bench-seed") : Path.GetFullPath(keptData);
Directory.CreateDirectory(directory);
var sites = new SeedSites(scale, scale == "national" ? SurveyMix.NationalTotal : SurveyMix.SmallTotal, Seed);
var shaanxiSites = sites.ProvinceCounts[Provinces.All.ToList().FindIndex(p => p.Code == Shaanxi)];

try
{
    return await MeasureAsync(directory, scale, loads, skipSeed, raisedLimits, sites, shaanxiSites);
}
finally
{
    if (keptData is null)
    {
        ThrowawayRuns.Delete(directory);
    }
}

static async Task<int> MeasureAsync(string directory, string scale, int loads, bool skipSeed, bool raisedLimits, SeedSites sites, int shaanxiSites)
{
    var loadAtStart = LoadAverage();
    await using var servers = await LocalInfrastructureHost.StartAsync(new LocalInfrastructureOptions(directory));
    await using var suite = await SeedSuite.StartAsync(servers, raisedLimits);
    Console.WriteLine($"data {directory}; gateway {suite.Grpc} ({(raisedLimits ? "per-caller limits raised" : "default per-caller limits")}); dashboard {suite.Page}");

    SeedRun? seed = null;
    using var channel = GrpcChannel.ForAddress(suite.Grpc);
    // A caller of its own: the seed's caller spends its rate budget.
    var status = new StatusService.StatusServiceClient(channel.WithToken(TestTokens.National("bench-status-reader")));
    if (!skipSeed)
    {
        seed = await SeedRun.RunAsync(suite.Grpc, TestTokens.National("bench-seed"), "seed", "--scale", scale, "--seed", Seed.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine(seed.Output);
        if (seed.ExitCode != 0)
        {
            Console.Error.WriteLine($"relicctl seed exited with {seed.ExitCode}");
            return 1;
        }
    }

    // The dashboard reads the status projection, which follows the seed's events: measured once it has caught up.
    var afterSeed = Stopwatch.StartNew();
    await Eventually.HoldsAsync(async () => (await status.GetNationalStatusAsync(new GetNationalStatusRequest(),
            deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30))).Totals.SitesTotal == sites.Total,
        TimeSpan.FromMinutes(10), $"the national status counting the {sites.Total:N0} seeded sites");
    var caughtUp = afterSeed.Elapsed;

    await using var browser = await HeadlessChromium.StartAsync();
    var national = await DashboardLoad.MeasureAsync(browser, suite.Page, TestTokens.National("bench-dashboard"), 31, sites.Total, loads);
    var provincial = await DashboardLoad.MeasureAsync(browser, suite.Page, TestTokens.Provincial(Shaanxi), 1, shaanxiSites, loads);
    var loadAtEnd = LoadAverage();

    var date = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    Console.WriteLine();
    Console.WriteLine("| date (UTC) | scale | gateway limits | sites | sites part | records part | seed in all (bench clock) | cases | relics | inspections | status caught up after the seed | load avg start → end |");
    Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    Console.WriteLine(Invariant($"| {date} | {scale} | {(raisedLimits ? "raised" : "default (200/s)")} | {sites.Total:N0} | {S(seed?.Sites)} | {S(seed?.Records)} | {S(seed?.Wall)} | {Count(seed, "cases")} | {Count(seed, "relics")} | {Count(seed, "inspections")} | {S(caughtUp)} | {loadAtStart} → {loadAtEnd} |"));
    Console.WriteLine();
    Console.WriteLine("| sign-in | rows | sites total shown | loads | first load | median load | max load | GET /api/status (page) median | started at (median) | status size |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine(Row("national", 31, sites.Total, national));
    Console.WriteLine(Row($"provincial ({Shaanxi})", 1, shaanxiSites, provincial));
    return 0;
}

static string Row(string signIn, int rows, int total, IReadOnlyList<PageLoad> loads) => Invariant(
    $"| {signIn} | {rows} | {total:N0} | {loads.Count} | {Ms(loads[0].Shown)} | {Ms(Median(loads.Select(l => l.Shown)))} | {Ms(loads.Max(l => l.Shown))} | {Ms(Median(loads.Select(l => l.StatusCall)))} | {Ms(Median(loads.Select(l => l.StatusStart)))} | {loads[^1].StatusBytes:N0} B |");

static TimeSpan Median(IEnumerable<TimeSpan> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

static string Ms(TimeSpan t) => Invariant($"{t.TotalMilliseconds:N0} ms");

static string S(TimeSpan? t) => t is { } value ? Invariant($"{value.TotalSeconds:N1} s") : "–";

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

// "seeded 6,000 cases (…), 18,012 relics (…), 6,000 inspections with …": relicctl's own counts.
static string Count(SeedRun? seed, string what) =>
    seed is not null && Regex.Match(seed.Output, $@"(?<n>[\d,]+) {what}\b") is { Success: true } match ? match.Groups["n"].Value : "–";

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static string? ArgText(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
