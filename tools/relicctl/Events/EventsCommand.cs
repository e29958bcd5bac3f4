using System.CommandLine;

namespace RelicSecurity.Cli.Events;

/// <summary><c>relicctl events ...</c>: the event backbone's outbox backlog, error queues and re-drive.</summary>
public static class EventsCommand
{
    public static Command Create()
    {
        var events = new Command("events", "Inspect and repair the event backbone (outboxes, _error queues)");
        events.Subcommands.Add(BacklogCommand.Create());
        events.Subcommands.Add(ErrorsCommand.Create());
        events.Subcommands.Add(RedriveCommand.Create());
        return events;
    }
}
