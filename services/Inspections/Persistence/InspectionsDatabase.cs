using Npgsql;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>The Inspections service's own PostgreSQL database (connection string "inspections-db").</summary>
public sealed class InspectionsDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public const string ConnectionName = "inspections-db";

    public NpgsqlDataSource DataSource { get; } = dataSource;

    public static InspectionsDatabase Create(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
