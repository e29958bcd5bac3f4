using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Writes each consumer queue into messaging.endpoints once it is ready, so the operations commands can find
/// the service's <c>_error</c> queues from its database alone (the broker has no management plugin here).
/// </summary>
public sealed class EndpointRegistry(MessagingDatabase database, BackboneEndpoints endpoints, IOptions<EventBackboneOptions> options,
    ILogger<EndpointRegistry> logger) : IReceiveEndpointObserver
{
    public async Task Ready(ReceiveEndpointReady ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        var queue = ready.InputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];
        if (!endpoints.Contains(queue))
        {
            // The bus's own temporary reply queue is not worth listing.
            return;
        }

        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("""
                INSERT INTO messaging.endpoints (queue, service) VALUES (@queue, @service)
                ON CONFLICT (queue) DO UPDATE SET service = EXCLUDED.service, last_ready_at = now()
                """, connection);
            command.Parameters.AddWithValue("queue", queue);
            command.Parameters.AddWithValue("service", options.Value.ServiceName);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            MessagingLog.EndpointNotRecorded(logger, queue, ex.Message);
        }
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
