using System.CommandLine;
using RelicSecurity.ServiceDefaults.Messaging.Operations;

namespace RelicSecurity.Cli.Events;

/// <summary><c>relicctl events redrive</c>: moves chosen _error messages back to their queue once their cause is fixed.</summary>
internal static class RedriveCommand
{
    public static Command Create()
    {
        var databases = EventOptions.Databases();
        var eventBus = EventOptions.EventBus();
        var queues = EventOptions.Queues();
        var all = new Option<bool>("--all") { Description = "Re-drive every message of the selected error queues" };
        var ids = new Argument<string[]>("message-ids") { Description = "Message ids as listed by `events errors`", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("redrive", "Move _error messages back to the queue they failed in")
        {
            ids, all, databases, eventBus, queues,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var chosen = parse.GetValue(ids) ?? [];
            var everything = parse.GetValue(all);
            if (chosen.Length == 0 == !everything)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("Name the message ids to re-drive, or pass --all (not both).");
                return 2;
            }

            var selected = await QueueSelection.ResolveAsync(parse.GetValue(queues) ?? [], parse.GetValue(databases) ?? [], cancellationToken);
            await using var errorQueues = new ErrorQueues(parse.GetValue(eventBus) ?? "");
            var results = await errorQueues.RedriveAsync(selected,
                everything ? null : chosen.ToHashSet(StringComparer.OrdinalIgnoreCase), cancellationToken);
            var moved = results.SelectMany(result => result.MessageIds).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var result in results)
            {
                await output.WriteLineAsync($"re-drove {result.MessageIds.Count} message(s) from {result.ErrorQueue} to {result.TargetQueue}: {string.Join(", ", result.MessageIds)}");
            }

            var missing = chosen.Where(id => !moved.Contains(id)).ToArray();
            if (missing.Length > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"not found in any selected error queue: {string.Join(", ", missing)}");
                return 1;
            }

            await output.WriteLineAsync($"{moved.Count} message(s) re-driven");
            return 0;
        });
        return command;
    }
}
