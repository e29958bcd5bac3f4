using System.CommandLine;
using Npgsql;

namespace RelicSecurity.Cli.Events;

/// <summary>Options the events commands share; each falls back to the app host's environment variables.</summary>
internal static class EventOptions
{
    public static Option<string[]> Databases() => new("--database", "-d")
    {
        Description = "Connection string of a service database (repeatable); default: every ConnectionStrings__*-db variable",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => DatabasesFromEnvironment(),
    };

    public static Option<string> EventBus() => new("--eventbus", "-b")
    {
        Description = "RabbitMQ connection string (amqp://user:pass@host:port/); default: ConnectionStrings__eventbus",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ConnectionStrings__eventbus") ?? "",
    };

    public static Option<string[]> Queues() => new("--queue", "-q")
    {
        Description = "Consumer queue whose _error queue to use (repeatable); default: the queues the databases recorded",
    };

    static string[] DatabasesFromEnvironment() =>
        [.. Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && name.EndsWith("-db", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Environment.GetEnvironmentVariable(name)!)];

    public static string DatabaseName(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Database ?? connectionString;
}
