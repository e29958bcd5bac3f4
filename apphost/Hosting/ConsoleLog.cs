namespace RelicSecurity.AppHost;

/// <summary>
/// One console for the app host and its children: every line prefixed with the name of the process
/// that wrote it, in a colour of its own when the console is a terminal.
/// </summary>
internal sealed class ConsoleLog
{
    private const string Reset = "\u001b[0m";
    private static readonly int[] Palette = [36, 35, 33, 32, 34, 96, 95, 93];

    private readonly Lock writing = new();
    private readonly Dictionary<string, string> colours = [];
    private readonly bool useColour =
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private int padding = 11;

    public void Info(string message) => Write("apphost", message, error: false);

    public void Error(string message) => Write("apphost", message, error: true);

    public void Child(string name, string line, bool error) => Write(name, line, error);

    /// <summary>Lines without a prefix (the endpoint table).</summary>
    public void Plain(string text)
    {
        lock (writing)
        {
            Console.Out.WriteLine(text);
        }
    }

    private void Write(string name, string message, bool error)
    {
        lock (writing)
        {
            padding = Math.Max(padding, name.Length);
            var prefix = $"[{name}]".PadRight(padding + 3);
            if (!useColour)
            {
                Console.Out.WriteLine(prefix + message);
                return;
            }
            if (!colours.TryGetValue(name, out var colour))
            {
                colours[name] = colour = $"\u001b[{Palette[colours.Count % Palette.Length]}m";
            }
            var body = error ? $"\u001b[31m{message}{Reset}" : message;
            Console.Out.WriteLine($"{colour}{prefix}{Reset}{body}");
        }
    }
}
