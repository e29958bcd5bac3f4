using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>The service database that holds the outbox and inbox (a type of its own so it never clashes with the service's registrations).</summary>
public sealed class MessagingDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
