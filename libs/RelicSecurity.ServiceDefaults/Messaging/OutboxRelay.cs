using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed outbox rows to the broker with confirms and marks them sent.
/// A lane is worked under a transaction-scoped advisory lock, so replicas never publish the same row
/// at the same time; within a lane a partition's rows are published one after another, oldest first,
/// and a partition stops at its first failure so later events never overtake earlier ones.
/// A row published but not marked (crash, lost confirm) is published again with the same message id,
/// and the consumers' inbox absorbs the repeat.
/// </summary>
public sealed class OutboxRelay(
    MessagingDatabase database,
    IBus bus,
    OutboxRelayStatus status,
    IOptions<EventBackboneOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxRelay> logger) : BackgroundService, IAsyncDisposable
{
    public const string PartitionKeyHeader = "Relic-Partition-Key";

    static readonly TimeSpan RetentionSweepInterval = TimeSpan.FromMinutes(10);

    readonly EventBackboneOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = settings.RelayMinBackoff;
        var lastSweep = timeProvider.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                RelayPass pass;
                try
                {
                    pass = await RelayPassAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever went wrong, the relay must outlive it (a dead relay would stop the host):
                    // unmarked rows stay in the outbox and the next pass tries again.
                    pass = new RelayPass(0, false, ex.GetType().Name + ": " + ex.Message);
                }

                if (pass.Failure is not null)
                {
                    status.RecordFailure(pass.Failure);
                    MessagingLog.RelayFailing(logger, pass.Failure, backoff);
                    await Task.Delay(backoff, timeProvider, stoppingToken);
                    backoff = TimeSpan.FromTicks(Math.Min(settings.RelayMaxBackoff.Ticks, backoff.Ticks * 2));
                    continue;
                }

                if (status.FailingSince is { } since)
                {
                    MessagingLog.RelayRecovered(logger, timeProvider.GetUtcNow() - since);
                }

                status.RecordSuccess();
                backoff = settings.RelayMinBackoff;
                if (pass.MoreWaiting)
                {
                    continue;
                }

                if (timeProvider.GetElapsedTime(lastSweep) > RetentionSweepInterval)
                {
                    lastSweep = timeProvider.GetTimestamp();
                    await SweepAsync(stoppingToken);
                }

                await WaitForWorkAsync(stoppingToken);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever the interrupted pass threw (cancellation, a connection closed under
            // it) is expected; unsent and unmarked rows stay in the outbox for the next start.
        }
    }

    /// <summary>
    /// A host disposed without being stopped disposes its singletons in reverse order of creation: the
    /// relay first, then the data source and bus it uses. Stop the loop here, before they go, so an
    /// interrupted pass never touches a disposed object.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        using var patience = new CancellationTokenSource(settings.PublishTimeout);
        try
        {
            await StopAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // The pass did not end in time; the disposed objects will end it.
        }

        Dispose();
    }

    /// <summary>
    /// One pass: lock every lane no other replica holds, take the oldest unsent rows of those lanes,
    /// publish them and mark them sent, all in one transaction (the locks end with it).
    /// </summary>
    internal async Task<RelayPass> RelayPassAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var lanes = await LockFreeLanesAsync(connection, transaction, cancellationToken);
            if (lanes.Length == 0)
            {
                // Another replica is publishing every lane right now.
                return new RelayPass(0, false, null);
            }

            var rows = await ReadUnsentAsync(connection, transaction, lanes, cancellationToken);
            if (rows.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return new RelayPass(0, false, null);
            }

            var sent = new ConcurrentQueue<Guid>();
            var failed = new ConcurrentQueue<FailedRow>();
            // GroupBy keeps first-appearance order and each group's element order: oldest first per partition.
            await Task.WhenAll(rows.GroupBy(row => row.PartitionKey)
                .Select(partition => PublishPartitionAsync(partition, sent, failed, cancellationToken)));

            await MarkAsync(connection, transaction, [.. sent], [.. failed], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            status.RecordPublished(sent.Count);
            MessagingLog.Published(logger, sent.Count, lanes.Length);
            // A row whose type this build cannot load waits (the health check shows its age) but does not
            // slow the other partitions down the way an unreachable broker does.
            var failure = failed.FirstOrDefault(f => f.BrokerFailure)?.Error;
            return new RelayPass(sent.Count, rows.Count == settings.RelayBatchSize && sent.Count == rows.Count, failure);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The database went away mid-pass; rows published but not marked go out again with the same id.
            return new RelayPass(0, false, "database: " + ex.Message);
        }
    }

    async Task PublishPartitionAsync(IEnumerable<OutboxRow> partition, ConcurrentQueue<Guid> sent,
        ConcurrentQueue<FailedRow> failed, CancellationToken cancellationToken)
    {
        foreach (var row in partition)
        {
            var type = EventTypeNames.Resolve(row.MessageType);
            if (type is null)
            {
                // Logged on the first attempt and then rarely: the relay retries the row every pass.
                if (row.Attempts % 1000 == 0)
                {
                    MessagingLog.UnknownEventType(logger, row.Id, row.MessageType);
                }

                failed.Enqueue(new FailedRow(row.Id, "unknown event type " + row.MessageType, BrokerFailure: false));
                return;
            }

            object? message;
            try
            {
                message = JsonSerializer.Deserialize(row.Body, type, EventJson.Options);
            }
            catch (JsonException ex)
            {
                failed.Enqueue(new FailedRow(row.Id, $"body does not fit {type.Name}: {ex.Message}", BrokerFailure: false));
                return;
            }

            if (message is null)
            {
                failed.Enqueue(new FailedRow(row.Id, "body is null", BrokerFailure: false));
                return;
            }

            // MassTransit parents its publish span to this one and sends the context in the message headers.
            using var span = MessagingTelemetry.StartRelayPublish(row.TraceParent, row.MessageType);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.PublishTimeout);
                await bus.Publish(message, type, context =>
                {
                    // The outbox id is the message id: a repeat publish carries the same id and the inbox drops it.
                    context.MessageId = row.Id;
                    context.Durable = true;
                    context.Headers.Set(PartitionKeyHeader, row.PartitionKey);
                }, timeout.Token);
                sent.Enqueue(row.Id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var reason = ex is OperationCanceledException
                    ? $"no broker confirm within {settings.PublishTimeout.TotalSeconds:0.#} s"
                    : ex.GetBaseException().Message;
                span?.SetStatus(ActivityStatusCode.Error, reason);
                failed.Enqueue(new FailedRow(row.Id, reason, BrokerFailure: true));
                return;
            }
        }
    }

    static async Task<int[]> LockFreeLanesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        // Transaction-scoped: a crashed relay's locks vanish with its connection.
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(array_agg(lane), '{}')
            FROM generate_series(0, @last) AS lane
            WHERE pg_try_advisory_xact_lock(@class, lane)
            """, connection, transaction);
        command.Parameters.AddWithValue("last", OutboxSchema.LaneCount - 1);
        command.Parameters.AddWithValue("class", OutboxSchema.AdvisoryLockClass);
        return (int[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    async Task<List<OutboxRow>> ReadUnsentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int[] lanes,
        CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id, partition_key, message_type, body::text, attempts, trace_parent
            FROM messaging.outbox
            WHERE sent_at IS NULL AND lane = ANY(@lanes)
            ORDER BY sequence
            LIMIT @limit
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("lanes", lanes.Select(l => (short)l).ToArray());
        command.Parameters.AddWithValue("limit", settings.RelayBatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return rows;
    }

    /// <summary>Marks the pass's rows in one round trip; the commit that follows need not wait for the disk.</summary>
    static async Task MarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] sent,
        FailedRow[] failed, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        // Asynchronous commit of this transaction only: a mark lost in a database crash just means the
        // row is published again with the same message id, and the consumers' inbox absorbs the repeat.
        // The writes that matter (a service's state with its outbox rows, a consumer's effect with its
        // inbox record) keep their synchronous commits.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
        if (sent.Length > 0)
        {
            var command = new NpgsqlBatchCommand("UPDATE messaging.outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY(@ids)");
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = sent });
            batch.BatchCommands.Add(command);
        }

        if (failed.Length > 0)
        {
            var command = new NpgsqlBatchCommand("""
                UPDATE messaging.outbox AS o SET attempts = o.attempts + 1, last_error = f.error
                FROM unnest(@ids, @errors) AS f(id, error) WHERE o.id = f.id
                """);
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = failed.Select(f => f.Id).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = failed.Select(f => f.Error).ToArray() });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        // Short polling rather than LISTEN/NOTIFY: a NOTIFY in the writer's transaction serializes
        // every committing writer on one global lock (no group commit), which capped writes at the
        // disk's fsync rate. An empty poll is one index probe.
        await Task.Delay(settings.RelayPollInterval, timeProvider, cancellationToken);
    }

    async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("""
                WITH o AS (DELETE FROM messaging.outbox WHERE sent_at < now() - @retention RETURNING 1),
                     i AS (DELETE FROM messaging.inbox WHERE processed_at < now() - @retention RETURNING 1)
                SELECT (SELECT count(*) FROM o)::int, (SELECT count(*) FROM i)::int
                """, connection);
            command.Parameters.AddWithValue("retention", settings.Retention);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && (reader.GetInt32(0) > 0 || reader.GetInt32(1) > 0))
            {
                MessagingLog.RetentionApplied(logger, reader.GetInt32(0), reader.GetInt32(1), settings.Retention);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A later sweep will do it; the relay itself reports database trouble.
        }
    }

    internal sealed record RelayPass(int Published, bool MoreWaiting, string? Failure);

    sealed record FailedRow(Guid Id, string Error, bool BrokerFailure);
}
