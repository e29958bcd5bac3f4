using Google.Protobuf;
using Spectre.Console;

namespace RelicSecurity.Cli.Gateway;

/// <summary>
/// Writes results: protobuf JSON (field names as in the .proto, defaults included) for scripts, or
/// Spectre.Console tables and lines for people, always to the invocation's output writer.
/// </summary>
public static class Printer
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true));

    public static string ToJson(IMessage message) => Json.Format(message);

    public static Task JsonAsync(GatewaySession session, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.Out.WriteLineAsync(ToJson(message));
    }

    /// <summary>A console on the session's output: colours and live widgets only when that is a terminal.</summary>
    public static IAnsiConsole Console(GatewaySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return On(session.Out, ReferenceEquals(session.Out, System.Console.Out) && !System.Console.IsOutputRedirected);
    }

    /// <summary>Progress goes to stderr, so stdout stays the result alone (--output json stays parseable).</summary>
    public static IAnsiConsole ProgressConsole(GatewaySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return On(session.Error, ReferenceEquals(session.Error, System.Console.Error) && !System.Console.IsErrorRedirected);
    }

    private static IAnsiConsole On(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            // Redirected output has no width; Spectre's default of 80 columns would cut ids short with an ellipsis.
            console.Profile.Width = 400;
        }

        return console;
    }

    /// <summary>A table that never wraps ids: scripts and tests read it by column.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column).NoWrap());
        }

        return table;
    }
}
