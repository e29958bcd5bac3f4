using Aspire.Hosting.ApplicationModel;
using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL, Redis or RabbitMQ as a custom Aspire resource: LocalInfrastructure starts the Debian
/// binaries on 127.0.0.1 in <see cref="DataDirectory"/>, records their PIDs there (a SIGKILLed app host's
/// servers are stopped by the next start) and stops them cleanly (PostgreSQL with SIGINT).
/// </summary>
internal sealed class LocalServerResource(string name, string kind, string dataDirectory)
    : Resource(name), IResourceWithConnectionString
{
    private readonly TaskCompletionSource<LocalServer> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>"postgres", "redis" or "rabbitmq".</summary>
    public string Kind { get; } = kind;

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Completes once the server answers; faults when it could not start.</summary>
    public Task<LocalServer> Started => started.Task;

    /// <summary>The server's own connection string (PostgreSQL's without a database).</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{new StartedServerValue(Name, this, ConnectionStringOf)}");

    public void MarkStarted(LocalServer server) => started.TrySetResult(server);

    public void MarkFailed(Exception failure) => started.TrySetException(failure);

    internal static string ConnectionStringOf(LocalServer server) => server switch
    {
        PostgresServer postgres => $"Host=127.0.0.1;Port={postgres.Port};Username=postgres",
        RedisServer redis => redis.ConnectionString,
        RabbitMqServer rabbitMq => rabbitMq.ConnectionString,
        _ => throw new InvalidOperationException($"No connection string for a {server.Kind} server."),
    };
}
