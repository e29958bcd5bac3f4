using System.CommandLine;
using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Messaging.Operations;

namespace RelicSecurity.Cli.Events;

/// <summary><c>relicctl events backlog</c>: per service database, what waits in the outbox and what the inbox absorbed.</summary>
internal static class BacklogCommand
{
    public static Command Create()
    {
        var databases = EventOptions.Databases();
        var command = new Command("backlog", "Outbox backlog and inbox counters per service database") { databases };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var targets = parse.GetValue(databases) ?? [];
            if (targets.Length == 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("No database: pass --database or set ConnectionStrings__<service>-db.");
                return 2;
            }

            await output.WriteLineAsync($"{"database",-24} {"waiting",8} {"oldest",9} {"retrying",8} {"sent/min",8} {"consumed",9} {"dupes",7} {"redeliv",7}  last error");
            var failed = false;
            foreach (var target in targets)
            {
                var name = EventOptions.DatabaseName(target);
                try
                {
                    await using var dataSource = NpgsqlDataSource.Create(target);
                    var backlog = await OutboxBacklog.ReadAsync(dataSource, cancellationToken);
                    var inbox = await InboxStats.ReadAsync(dataSource, cancellationToken);
                    var oldest = backlog.OldestAge is { } age ? $"{age.TotalSeconds:0.0}s" : "-";
                    await output.WriteLineAsync(
                        $"{name,-24} {backlog.Waiting,8} {oldest,9} {backlog.Retrying,8} {backlog.SentLastMinute,8} {inbox.Processed,9} {inbox.DuplicatesAbsorbed,7} {inbox.Redelivered,7}  {backlog.LastError ?? "-"}");
                }
                catch (NpgsqlException ex)
                {
                    failed = true;
                    await output.WriteLineAsync($"{name,-24} unreachable or not a service database: {ex.Message}");
                }
            }

            return failed ? 1 : 0;
        });
        return command;
    }
}
