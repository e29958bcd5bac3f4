using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using RelicSecurity.Cli.Gateway;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.Cli.Sites;

/// <summary><c>relicctl sites watch</c>: risk changes as they happen, until Ctrl+C, --count or --for.</summary>
internal static class SiteWatchCommand
{
    public static Command Create()
    {
        var province = new Option<string>("--province") { Description = "Only changes of sites in this province" };
        var count = new Option<int>("--count") { Description = "Stop after this many changes (0: no limit)" };
        var duration = new Option<TimeSpan>("--for")
        {
            Description = "Stop watching after this long (hh:mm:ss); the stream's deadline",
            DefaultValueFactory = _ => TimeSpan.FromHours(24),
        };
        var command = new Command("watch", "Print each site risk change as it happens") { province, count, duration };
        GatewayCommand.SetAction(command, async (parse, session, cancellationToken) =>
        {
            var client = new SiteService.SiteServiceClient(session.Invoker);
            var limit = parse.GetValue(count);
            using var watch = client.WatchSiteRisk(
                new WatchSiteRiskRequest { ProvinceCode = parse.GetValue(province) ?? "" },
                deadline: GatewaySession.DeadlineAfter(parse.GetValue(duration)),
                cancellationToken: cancellationToken);
            await watch.ResponseHeadersAsync;
            if (session.Format == OutputFormat.Text)
            {
                await session.Error.WriteLineAsync($"watching risk changes at {session.Address} (Ctrl+C to stop)");
            }

            var seen = 0;
            try
            {
                while (await watch.ResponseStream.MoveNext(cancellationToken))
                {
                    var update = watch.ResponseStream.Current;
                    await session.Out.WriteLineAsync(session.Format == OutputFormat.Json ? Printer.ToJson(update) : Describe(update));
                    await session.Out.FlushAsync(cancellationToken);
                    if (limit > 0 && ++seen >= limit)
                    {
                        break;
                    }
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded || (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
            {
                // --for elapsed or Ctrl+C: the watch ended the way the user asked.
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Describe(SiteRiskUpdate update) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{update.ChangedAt?.ToDateTimeOffset():u}  {update.SiteId}  {update.ProvinceCode}  {update.Name}  {EnumText.Show(update.OldLevel)} -> {EnumText.Show(update.NewLevel)}  score {update.OldScore} -> {update.RiskScore}  {update.Reason}");
}
