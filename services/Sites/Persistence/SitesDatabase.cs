using Npgsql;

namespace RelicSecurity.Sites.Persistence;

/// <summary>The Sites service's own PostgreSQL database (connection string "sites-db").</summary>
public sealed class SitesDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public const string ConnectionName = "sites-db";

    public NpgsqlDataSource DataSource { get; } = dataSource;

    public static SitesDatabase Create(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
