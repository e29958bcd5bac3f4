using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Restarts the bus when one of this service's queues has had no consumer for a while although the broker is up.
/// MassTransit normally reattaches its consumers after a broker restart, but not always (MassTransit issues
/// #2072 and #5692 describe receive endpoints that never come back, with the bus still reporting itself healthy):
/// events then wait in the queue forever. Asking the broker itself is the one view that cannot be fooled.
/// With several replicas, a queue counts as attached while any replica consumes it — events still flow then.
/// </summary>
public sealed class ConsumerWatchdog(IBusControl bus, BackboneEndpoints endpoints, IConfiguration configuration,
    IOptions<ConsumerWatchdogOptions> options, IOptions<EventBackboneOptions> backbone, TimeProvider time,
    ILogger<ConsumerWatchdog> logger) : BackgroundService
{
    int restarts;

    /// <summary>How many times the watchdog has restarted the bus since the process started.</summary>
    public int Restarts => Volatile.Read(ref restarts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var tracker = new DetachedQueueTracker(settings.DetachedGrace);
        var started = time.GetTimestamp();
        using var timer = new PeriodicTimer(settings.CheckInterval, time);
        IConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var queues = endpoints.Names;
                if (queues.Count == 0)
                {
                    continue;
                }

                (connection, var consumers) = await CountConsumersAsync(connection, queues, stoppingToken);
                if (consumers is null)
                {
                    // The broker is down: MassTransit's reconnects and the outbox health cover that.
                    tracker.Reset();
                    continue;
                }

                var overdue = tracker.Observe(consumers, time.GetElapsedTime(started));
                if (overdue.Count == 0)
                {
                    continue;
                }

                MessagingLog.ConsumersDetached(logger, string.Join(", ", overdue.Select(q => $"{q.Queue} ({q.DetachedFor.TotalSeconds:0} s)")));
                await RestartBusAsync(settings.RestartTimeout, stoppingToken);
                tracker.Reset();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    async Task<(IConnection? Connection, Dictionary<string, uint>? Consumers)> CountConsumersAsync(IConnection? connection,
        IReadOnlyCollection<string> queues, CancellationToken cancellationToken)
    {
        try
        {
            if (connection is not { IsOpen: true })
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                var factory = new ConnectionFactory
                {
                    Uri = new Uri(configuration.GetConnectionString(EventBackboneExtensions.EventBusConnectionName)!),
                    ClientProvidedName = backbone.Value.ServiceName + "-watchdog",
                    AutomaticRecoveryEnabled = false,
                };
                connection = await factory.CreateConnectionAsync(cancellationToken);
            }

            var consumers = new Dictionary<string, uint>(StringComparer.Ordinal);
            foreach (var queue in queues)
            {
                // A passive declare that fails closes its channel, so each queue gets its own.
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                try
                {
                    consumers[queue] = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).ConsumerCount;
                }
                catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
                {
                    // The bus never declared its queue although the broker is up: as detached as can be.
                    consumers[queue] = 0;
                }
            }

            return (connection, consumers);
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException
            or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return (connection, null);
        }
    }

    async Task RestartBusAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(timeout);
        try
        {
            await bus.StopAsync(limit.Token);
            await bus.StartAsync(limit.Token);
            Interlocked.Increment(ref restarts);
            MessagingLog.BusRestarted(logger);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The next look at the broker decides whether to try again.
            MessagingLog.BusRestartFailed(logger, ex.Message);
        }
    }
}
