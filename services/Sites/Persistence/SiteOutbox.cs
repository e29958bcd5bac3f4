using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Sites.Persistence;

/// <summary>The one place Sites hands integration events to the event backbone's transactional outbox.</summary>
internal static class SiteOutbox
{
    public static Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken) =>
        OutboxWriter.AppendAsync(connection, transaction, events, cancellationToken);
}
