using System.CommandLine;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Sites.V1;
using Spectre.Console;

namespace RelicSecurity.Cli.Sites;

/// <summary>
/// <c>relicctl sites import FILE</c>: streams a CSV or JSON file through ImportSites with a progress bar; a
/// rejected row is reported with its line, the rest still load, and the exit code says whether any was rejected.
/// </summary>
internal static class SiteImportCommand
{
    private const int ErrorsShown = 50;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "CSV (header row, columns as in the .proto) or JSON (array of Site or ImportSitesRequest)" };
        var format = new Option<string>("--format") { Description = "csv or json; default: the file's extension" };
        format.AcceptOnlyFromAmong("csv", "json");
        var limit = new Option<TimeSpan>("--import-timeout")
        {
            Description = "Deadline of the whole import stream (hh:mm:ss)",
            DefaultValueFactory = _ => TimeSpan.FromHours(1),
        };
        var command = new Command("import", "Bulk-load sites from a CSV or JSON file") { file, format, limit };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var rows = SiteFile.Read(parse.GetValue(file) ?? "", parse.GetValue(format));
            var client = new SiteService.SiteServiceClient(session.Invoker);
            var summary = await StreamAsync(client, rows, session, GatewaySession.DeadlineAfter(parse.GetValue(limit)), cancellationToken);

            if (session.Format == OutputFormat.Json)
            {
                await Printer.JsonAsync(session, summary);
            }
            else
            {
                await session.Out.WriteLineAsync($"imported {summary.Imported}, already there {summary.Duplicates}, rejected {summary.Rejected} of {rows.Count} row(s)");
                foreach (var error in summary.Errors.Take(ErrorsShown))
                {
                    var origin = error.Index >= 0 && error.Index < rows.Count ? rows[error.Index].Origin : "?";
                    await session.Out.WriteLineAsync($"  row {error.Index} ({origin}): {error.Reason}");
                }

                if (summary.Errors.Count > ErrorsShown)
                {
                    await session.Out.WriteLineAsync($"  ... and {summary.Errors.Count - ErrorsShown} more (--output json lists all)");
                }
            }

            return summary.Rejected > 0 ? ExitCodes.Partial : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Writes every row into one ImportSites stream; the bar moves as rows are sent.</summary>
    public static async Task<ImportSitesSummary> StreamAsync(
        SiteService.SiteServiceClient client, IReadOnlyList<SiteFileRow> rows, GatewaySession session, DateTime deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(session);
        using var call = client.ImportSites(deadline: deadline, cancellationToken: cancellationToken);
        var progress = Printer.ProgressConsole(session).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn());
        await progress.StartAsync(async context =>
        {
            var task = context.AddTask("importing sites", maxValue: Math.Max(1, rows.Count));
            foreach (var row in rows)
            {
                await call.RequestStream.WriteAsync(row.Request, cancellationToken);
                task.Increment(1);
            }

            await call.RequestStream.CompleteAsync();
        });
        return await call;
    }
}
