using System.CommandLine;

namespace RelicSecurity.Cli.Gateway;

/// <summary>--page-size and --page-token: the same two options, worded the same, on every list command of the services.</summary>
internal sealed class PageOptions
{
    private readonly Option<int> _size = new("--page-size") { Description = "Per page (1..500)", DefaultValueFactory = _ => 50 };
    private readonly Option<string> _token = new("--page-token") { Description = "Continue from a previous next_page_token" };

    /// <summary>Adds both options after the command's own, so help lists them last.</summary>
    public Command AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_size);
        command.Options.Add(_token);
        return command;
    }

    public int Size(ParseResult parse) => parse.GetValue(_size);

    public string Token(ParseResult parse) => parse.GetValue(_token) ?? "";
}
