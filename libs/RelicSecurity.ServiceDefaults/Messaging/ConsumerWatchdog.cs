using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Restarts the bus when one of this service's queues is stuck while the broker is up: no consumer on it, or
/// messages waiting there while this process consumes none, for longer than the grace period. MassTransit
/// normally recovers its consumers after a broker restart, but not always (MassTransit issues #2072 and #5692
/// describe receive endpoints that never come back, with the bus still reporting itself healthy): events then
/// wait in the queue forever. The broker's own counts, with this process's consume counter, cannot be fooled.
/// With several replicas, a queue counts as attached while any replica consumes it — events still flow then.
/// </summary>
public sealed class ConsumerWatchdog(IBusControl bus, BackboneEndpoints endpoints, ConsumeProgress progress, IConfiguration configuration,
    IOptions<ConsumerWatchdogOptions> options, IOptions<EventBackboneOptions> backbone, TimeProvider time,
    ILogger<ConsumerWatchdog> logger) : BackgroundService
{
    int restarts;
    long answeredLooks;

    /// <summary>How many times the watchdog has restarted the bus since the process started.</summary>
    public int Restarts => Volatile.Read(ref restarts);

    /// <summary>
    /// How many times the broker answered the watchdog's look at the queues: each one a chance to find
    /// a queue stuck (tests wait for enough of them instead of sleeping before asserting no restart).
    /// </summary>
    public long Looks => Interlocked.Read(ref answeredLooks);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var tracker = new StuckQueueTracker(settings.DetachedGrace);
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

                (connection, var looks) = await LookAtQueuesAsync(connection, queues, settings.CheckTimeout, stoppingToken);
                if (looks is null)
                {
                    // The broker is down or not answering: MassTransit's reconnects and the outbox health cover that.
                    tracker.Reset();
                    continue;
                }

                var stuck = tracker.Observe(looks, time.GetElapsedTime(started));
                Interlocked.Increment(ref answeredLooks);
                if (stuck.Count == 0)
                {
                    continue;
                }

                MessagingLog.ConsumersStuck(logger, string.Join(", ", stuck.Select(q => $"{q.Queue} ({q.Why} for {q.For.TotalSeconds:0} s)")));
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

    async Task<(IConnection? Connection, Dictionary<string, QueueObservation>? Looks)> LookAtQueuesAsync(IConnection? connection,
        IReadOnlyCollection<string> queues, TimeSpan timeout, CancellationToken stoppingToken)
    {
        // A broker that accepts connections but does not answer must not freeze the watchdog.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(timeout);
        var cancellationToken = limit.Token;
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

            var looks = new Dictionary<string, QueueObservation>(StringComparer.Ordinal);
            foreach (var queue in queues)
            {
                // Read before asking the broker: a message consumed in between then counts as progress next time.
                var consumed = progress.ConsumedFrom(queue);
                // A passive declare that fails closes its channel, so each queue gets its own.
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                try
                {
                    var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                    looks[queue] = new QueueObservation(declared.ConsumerCount, declared.MessageCount, consumed);
                }
                catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
                {
                    // The bus never declared its queue although the broker is up: as detached as can be.
                    looks[queue] = new QueueObservation(0, 0, consumed);
                }
            }

            return (connection, looks);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Unreachable, closing, timing out: whatever it is, this look tells nothing; start afresh next time.
            MessagingLog.WatchdogLookFailed(logger, ex.GetType().Name, ex.Message);
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            return (null, null);
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
