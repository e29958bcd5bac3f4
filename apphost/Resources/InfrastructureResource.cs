using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.AppHost;

/// <summary>PostgreSQL (with its databases), Redis ("redis") and RabbitMQ ("eventbus").</summary>
internal sealed class InfrastructureResource
{
    private readonly List<DatabaseResource> databases = [];

    public InfrastructureResource()
    {
        Redis = new ConnectionStringResource("redis", () => Host.Redis.ConnectionString);
        EventBus = new ConnectionStringResource("eventbus", () => Host.RabbitMq.ConnectionString);
    }

    public ConnectionStringResource Redis { get; }

    public ConnectionStringResource EventBus { get; }

    public IReadOnlyList<DatabaseResource> Databases => databases;

    /// <summary>Set once the servers run.</summary>
    public LocalInfrastructureHost Host
    {
        get => field ?? throw new InvalidOperationException("The infrastructure has not started yet.");
        set
        {
            field = value;
            HasHost = true;
        }
    }

    public bool HasHost { get; private set; }

    public DatabaseResource AddDatabase(string name, string database)
    {
        var resource = new DatabaseResource(name, database, () => Host.Postgres.ConnectionString(database));
        databases.Add(resource);
        return resource;
    }
}
