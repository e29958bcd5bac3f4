using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Sites.V1;
using Spectre.Console;

namespace RelicSecurity.Cli.Seed;

/// <summary>
/// <c>relicctl seed --scale small|national</c>: demo data through the public API only (the gateway), the same
/// for the same --seed, and safe to repeat (request ids make a second run create nothing).
/// </summary>
public static class SeedCommand
{
    /// <summary>Rows per ImportSites stream: a failure costs at most one stream, and the bar moves per row.</summary>
    private const int RowsPerStream = 50_000;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var scale = new Option<string>("--scale")
        {
            Description = $"small (≈{SurveyMix.SmallTotal:N0} sites) or national (the survey's {SurveyMix.NationalTotal:N0})",
            DefaultValueFactory = _ => "small",
        };
        scale.AcceptOnlyFromAmong("small", "national");
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same data", DefaultValueFactory = _ => 2026 };
        var limit = new Option<TimeSpan>("--import-timeout")
        {
            Description = "Deadline of each import stream (hh:mm:ss)",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(30),
        };
        var sitesOnly = new Option<bool>("--sites-only") { Description = "Sites alone, no cases, relics or inspections" };
        var command = new Command("seed", "Load demo data through the gateway: the 31 provinces' sites in the national survey's mix, cases with relics, inspections with rectifications")
        {
            scale, seed, limit, sitesOnly,
        };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var scaleName = parse.GetValue(scale) ?? "small";
            var sites = new SeedSites(scaleName, scaleName == "national" ? SurveyMix.NationalTotal : SurveyMix.SmallTotal, parse.GetValue(seed));
            var client = new SiteService.SiteServiceClient(session.Invoker);
            var clock = Stopwatch.StartNew();
            var summary = await ImportAsync(client, sites, session, parse.GetValue(limit), cancellationToken);
            var sitesTime = clock.Elapsed;
            var records = parse.GetValue(sitesOnly)
                ? null
                : await new SeedRecords(new SeedPlans(scaleName, sites.Total, parse.GetValue(seed), TimeProvider.System.GetUtcNow()), session, cancellationToken).RunAsync();
            clock.Stop();

            if (session.Format == OutputFormat.Json)
            {
                await session.Out.WriteLineAsync(JsonSerializer.Serialize(new { sites = JsonNode.Parse(Printer.ToJson(summary)), records }, JsonOptions));
            }
            else
            {
                var rate = sites.Total / Math.Max(sitesTime.TotalSeconds, 0.001);
                await session.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"seeded {Provinces.All.Count} provinces, {sites.Total:N0} sites ({scaleName}, seed {parse.GetValue(seed)}): imported {summary.Imported:N0}, already there {summary.Duplicates:N0}, rejected {summary.Rejected:N0} in {sitesTime.TotalSeconds:0.0} s ({rate:N0} sites/s)"));
                foreach (var error in summary.Errors.Take(10))
                {
                    await session.Out.WriteLineAsync($"  site {error.Index}: {error.Reason}");
                }

                if (records is not null)
                {
                    await session.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"seeded {records.Cases:N0} cases ({records.JointCases:N0} joint, {records.SupervisedCases:N0} supervised), {records.Relics:N0} relics ({records.StolenRelics:N0} stolen, {records.HandedOverRelics:N0} handed over), {records.Inspections:N0} inspections with {records.Findings:N0} findings, {records.Orders:N0} rectification orders ({records.VerifiedOrders:N0} verified), refused {records.Refusals.Count:N0}; {clock.Elapsed.TotalSeconds:0.0} s in all"));
                    foreach (var refusal in records.Refusals.Take(10))
                    {
                        await session.Out.WriteLineAsync("  " + refusal);
                    }
                }
            }

            return summary.Rejected > 0 || records?.Refusals.Count > 0 ? ExitCodes.Partial : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<ImportSitesSummary> ImportAsync(
        SiteService.SiteServiceClient client, SeedSites sites, GatewaySession session, TimeSpan streamTimeout, CancellationToken cancellationToken)
    {
        var total = new ImportSitesSummary();
        var progress = Printer.ProgressConsole(session).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());
        await progress.StartAsync(async context =>
        {
            var bar = context.AddTask("importing sites", maxValue: sites.Total);
            for (var start = 0; start < sites.Total; start += RowsPerStream)
            {
                var count = Math.Min(RowsPerStream, sites.Total - start);
                using var call = client.ImportSites(deadline: GatewaySession.DeadlineAfter(streamTimeout), cancellationToken: cancellationToken);
                foreach (var row in sites.Range(start, count))
                {
                    await call.RequestStream.WriteAsync(row, cancellationToken);
                    bar.Increment(1);
                }

                await call.RequestStream.CompleteAsync();
                var summary = await call;
                total.Imported += summary.Imported;
                total.Duplicates += summary.Duplicates;
                total.Rejected += summary.Rejected;
                // Indexes in the summary count from the stream's start: make them the site's position in the seed.
                total.Errors.AddRange(summary.Errors.Select(error => new ImportError { Index = start + error.Index, Reason = error.Reason }));
            }
        });
        return total;
    }
}
