using System.CommandLine;
using RelicSecurity.ServiceDefaults.Messaging.Operations;

namespace RelicSecurity.Cli.Events;

/// <summary><c>relicctl events errors</c>: the messages in the services' _error queues with the exception that put them there.</summary>
internal static class ErrorsCommand
{
    public static Command Create()
    {
        var databases = EventOptions.Databases();
        var eventBus = EventOptions.EventBus();
        var queues = EventOptions.Queues();
        var stackTrace = new Option<bool>("--stack-trace") { Description = "Print the full stack trace of each fault" };
        var command = new Command("errors", "List messages in _error queues with their exception headers")
        {
            databases, eventBus, queues, stackTrace,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var selected = await QueueSelection.ResolveAsync(parse.GetValue(queues) ?? [], parse.GetValue(databases) ?? [], cancellationToken);
            await using var errorQueues = new ErrorQueues(parse.GetValue(eventBus) ?? "");
            var messages = await errorQueues.ListAsync(selected, cancellationToken);
            foreach (var message in messages)
            {
                await output.WriteLineAsync($"{message.MessageId}  {message.ErrorQueue}  {message.MessageType ?? "?"}");
                await output.WriteLineAsync($"    {message.ExceptionType}: {message.ExceptionMessage}");
                await output.WriteLineAsync($"    faulted {message.FaultedAt ?? "?"} after {message.RetryCount ?? "?"} retries");
                if (parse.GetValue(stackTrace) && message.StackTrace is not null)
                {
                    await output.WriteLineAsync("    " + message.StackTrace.ReplaceLineEndings(Environment.NewLine + "    "));
                }
            }

            await output.WriteLineAsync($"{messages.Count} message(s) in {selected.Count} error queue(s) checked");
            return 0;
        });
        return command;
    }
}
