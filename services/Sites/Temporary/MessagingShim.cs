// TEMPORARY local stand-in until the events helper lands RelicSecurity.ServiceDefaults.Messaging; deleted at merge.
using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging;

public sealed record OutboxEvent(string PartitionKey, object Message);

public static class OutboxWriter
{
    public static Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
