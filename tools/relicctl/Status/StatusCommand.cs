using System.CommandLine;
using System.Globalization;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Status.V1;
using Spectre.Console;

namespace RelicSecurity.Cli.Status;

/// <summary>
/// <c>relicctl status</c>: the consolidated status, one row per province and the national totals (or one province with
/// --province); <c>relicctl status rebuild</c>: recompute it from the services (national role).
/// </summary>
public static class StatusCommand
{
    private static readonly string[] Columns =
    [
        "province", "open cases", "supervised", "closed this year", "relics recovered", "handover overdue", "inspections planned",
        "inspections completed", "open hazards", "overdue rectifications", "sites", "LOW", "MEDIUM", "HIGH", "CRITICAL", "open cases by type",
    ];

    public static Command Create()
    {
        var province = new Option<string>("--province") { Description = "Only this 6-digit province code (\"000000\": the national totals)" };
        var status = new Command("status", "The consolidated status of every province (the gateway's StatusService)") { province };
        GatewayCommand.SetAction(status, async (parse, session, cancellationToken) =>
        {
            var client = new StatusService.StatusServiceClient(session.Invoker);
            var only = parse.GetValue(province);
            if (!string.IsNullOrEmpty(only))
            {
                var one = await client.GetProvinceStatusAsync(new GetProvinceStatusRequest { ProvinceCode = only },
                    deadline: session.Deadline(), cancellationToken: cancellationToken);
                return await PrintAsync(session, one, [one], null);
            }

            var national = await client.GetNationalStatusAsync(new GetNationalStatusRequest(), deadline: session.Deadline(), cancellationToken: cancellationToken);
            return await PrintAsync(session, national, national.Provinces, national.Totals);
        });
        status.Subcommands.Add(RebuildCommand());
        return status;
    }

    private static Command RebuildCommand()
    {
        var pageSize = new Option<int>("--page-size") { Description = "Records per List call to the services (1..500)", DefaultValueFactory = _ => 500 };
        var wait = new Option<double>("--wait")
        {
            Description = "Seconds to wait for the rebuild to finish (its deadline; --timeout is for ordinary calls)",
            DefaultValueFactory = _ => 3600,
        };
        var command = new Command("rebuild", "Recompute the status from the services' data while traffic continues, then make it live (national role)")
        {
            pageSize, wait,
        };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new StatusService.StatusServiceClient(session.Invoker);
            var result = await client.RebuildStatusAsync(new RebuildStatusRequest { PageSize = parse.GetValue(pageSize) },
                deadline: GatewaySession.DeadlineAfter(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(wait)))), cancellationToken: cancellationToken);
            if (session.Format == OutputFormat.Json)
            {
                await Printer.JsonAsync(session, result);
                return ExitCodes.Ok;
            }

            await session.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"generation {result.Generation} is live after {result.Took.ToTimeSpan().TotalSeconds:0.0} s: {result.Sites} sites ({result.SitePasses} pass(es)), {result.Cases} cases, {result.Relics} relics, {result.Inspections} inspections, {result.Findings} findings, {result.Rectifications} rectification orders"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> PrintAsync(GatewaySession session, Google.Protobuf.IMessage message, IEnumerable<ProvinceStatus> provinces,
        ProvinceStatus? totals)
    {
        if (session.Format == OutputFormat.Json)
        {
            await Printer.JsonAsync(session, message);
            return ExitCodes.Ok;
        }

        var table = Printer.Table(Columns);
        foreach (var row in provinces)
        {
            table.AddRow(Row(row));
        }

        if (totals is not null)
        {
            table.AddRow(Row(totals));
        }

        Printer.Console(session).Write(table);
        return ExitCodes.Ok;
    }

    private static string[] Row(ProvinceStatus s) =>
    [
        s.ProvinceCode == "000000" ? "000000 (national)" : s.ProvinceCode, N(s.OpenCases), N(s.SupervisedCases), N(s.CasesClosedThisYear), N(s.RelicsRecovered),
        N(s.RelicsHandoverOverdue), N(s.InspectionsPlanned), N(s.InspectionsCompleted), N(s.OpenHazards), N(s.OverdueRectifications), N(s.SitesTotal),
        N(s.SitesByRisk.GetValueOrDefault("LOW")), N(s.SitesByRisk.GetValueOrDefault("MEDIUM")), N(s.SitesByRisk.GetValueOrDefault("HIGH")),
        N(s.SitesByRisk.GetValueOrDefault("CRITICAL")),
        Markup.Escape(string.Join(" ", s.OpenCasesByType.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))),
    ];

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
