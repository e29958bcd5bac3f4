using Npgsql;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.Inspections.Persistence;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Testing;

namespace RelicSecurity.Inspections.Tests.Persistence;

/// <summary>A fresh, migrated inspections database on the test run's PostgreSQL, with the repositories over it.</summary>
public sealed class StoreUnderTest : IAsyncDisposable
{
    private StoreUnderTest(string connectionString, InspectionsDatabase database)
    {
        ConnectionString = connectionString;
        Database = database;
        Inspections = new InspectionRepository(database);
        Rectifications = new RectificationRepository(database);
    }

    public string ConnectionString { get; }

    public InspectionsDatabase Database { get; }

    public InspectionRepository Inspections { get; }

    public RectificationRepository Rectifications { get; }

    public static async Task<StoreUnderTest> CreateAsync(LocalServersFixture servers, string prefix = "inspections")
    {
        ArgumentNullException.ThrowIfNull(servers);
        var connectionString = await servers.CreateDatabaseAsync(prefix);
        var database = InspectionsDatabase.Create(connectionString);
        await MigrationRunner.ApplyAsync(database.DataSource);
        await OutboxSchema.EnsureCreatedAsync(database.DataSource);
        return new StoreUnderTest(connectionString, database);
    }

    /// <summary>How many events of this type (by simple name) the outbox holds, optionally for one record.</summary>
    public static async Task<long> OutboxCountAsync(string connectionString, string eventName, string? partitionKey = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM messaging.outbox WHERE message_type LIKE $1 AND ($2::text IS NULL OR partition_key = $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = $"RelicSecurity.Contracts.Events.Inspections.{eventName},%" });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)partitionKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public Task<long> OutboxCountAsync(string eventName, string? partitionKey = null) => OutboxCountAsync(ConnectionString, eventName, partitionKey);

    /// <summary>The events of type <typeparamref name="T"/> in the outbox, in append order, as a consumer would read them (JSON, web defaults).</summary>
    public async Task<IReadOnlyList<T>> OutboxEventsAsync<T>()
    {
        await using var command = Database.DataSource.CreateCommand("SELECT body::text FROM messaging.outbox WHERE message_type LIKE $1 ORDER BY sequence");
        command.Parameters.Add(new NpgsqlParameter { Value = $"{typeof(T).FullName},%" });
        var events = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(System.Text.Json.JsonSerializer.Deserialize<T>(reader.GetString(0), System.Text.Json.JsonSerializerOptions.Web)!);
        }

        return events;
    }

    public static PlannedInspection Plan(string province, params Guid[] sites) => new(
        "Joint inspection", province, Department.CulturalHeritage, [Department.PublicSecurity], sites,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7), InspectionOrigin.Manual);

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
