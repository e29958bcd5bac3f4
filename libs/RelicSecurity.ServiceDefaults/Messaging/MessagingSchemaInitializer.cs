using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Creates the outbox and inbox tables before the bus starts consuming (hosted services start in
/// registration order, and this one is registered ahead of MassTransit's).
/// </summary>
public sealed class MessagingSchemaInitializer(MessagingDatabase database, IOptions<EventBackboneOptions> options,
    TimeProvider timeProvider, ILogger<MessagingSchemaInitializer> logger) : IHostedService
{
    static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = options.Value.RelayMinBackoff;
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                await OutboxSchema.EnsureCreatedAsync(database.DataSource, cancellationToken);
                return;
            }
            catch (NpgsqlException ex) when (timeProvider.GetElapsedTime(started) < GiveUpAfter)
            {
                // The database may still be starting next to us (app host, restarts).
                MessagingLog.SchemaNotReady(logger, ex.Message, delay);
                await Task.Delay(delay, timeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(options.Value.RelayMaxBackoff.Ticks, delay.Ticks * 2));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
