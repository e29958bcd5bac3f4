using System.CommandLine;

namespace RelicSecurity.Cli.Gateway;

/// <summary>
/// How to reach the suite, who is calling and how to print: options every gRPC command shares. Each command
/// tree gets its own instances (commands read them by name), so trees built side by side share nothing.
/// </summary>
public static class GatewayOptions
{
    public const string DefaultGateway = "127.0.0.1:7100";
    public const string GatewayName = "--gateway";
    public const string TokenName = "--token";
    public const string OutputName = "--output";
    public const string TimeoutName = "--timeout";

    public static Option<string> Gateway() => new(GatewayName)
    {
        Description = $"Gateway address (host:port or URL); default: RELIC_GATEWAY or {DefaultGateway}",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RELIC_GATEWAY") is { Length: > 0 } gateway ? gateway : DefaultGateway,
    };

    public static Option<string> Token() => new(TokenName)
    {
        Description = "Bearer token (JWT); default: RELIC_TOKEN",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RELIC_TOKEN") ?? "",
    };

    public static Option<OutputFormat> Output() => new(OutputName, "-o")
    {
        Description = "text for people, json for scripts (one JSON document per result; watch: one per line)",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Text,
    };

    public static Option<double> TimeoutSeconds() => new(TimeoutName)
    {
        Description = "Deadline of each call in seconds (imports and watches have their own)",
        Recursive = true,
        DefaultValueFactory = _ => 30,
    };

    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.Add(Gateway());
        root.Options.Add(Token());
        root.Options.Add(Output());
        root.Options.Add(TimeoutSeconds());
    }
}

public enum OutputFormat
{
    Text,
    Json,
}
