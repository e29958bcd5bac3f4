using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Applies the deliveries one consumer type has in flight together: one transaction records all their
/// message ids in the inbox (one statement) and runs each first delivery's effect, then commits once.
/// That turns one commit (a WAL flush) and one inbox round trip per message into one per batch.
/// Guarantees stay per message: a delivery's task completes (and MassTransit acks it) only after the
/// commit that holds its effect and inbox record; when one effect throws, the transaction rolls back,
/// that delivery alone fails (MassTransit retries it alone, then moves it to _error alone) and the
/// others run again in a fresh transaction, so they are applied exactly once.
/// Batches form by themselves: whatever arrives while a batch runs makes up the next one, so a quiet
/// consumer sees batches of one and no added wait.
/// </summary>
internal sealed class InboxBatcher<TMessage>(MessagingDatabase database, string consumerName, int maxBatchSize,
    int maxConcurrentBatches, ILogger logger)
    where TMessage : class
{
    const string RecordSql = """
        INSERT INTO messaging.inbox AS i (consumer, message_id, message_type, redeliveries)
        SELECT @consumer, d.id, @type, d.redelivered FROM unnest(@ids, @redelivered) AS d(id, redelivered)
        ON CONFLICT (consumer, message_id) DO UPDATE
            SET deliveries = i.deliveries + 1,
                redeliveries = i.redeliveries + EXCLUDED.redeliveries,
                last_delivered_at = now()
        RETURNING message_id, (xmax = 0) AS first, deliveries
        """;

    static readonly string MessageType = typeof(TMessage).FullName ?? typeof(TMessage).Name;

    readonly Lock gate = new();
    readonly List<Delivery> pending = [];
    int running;

    /// <summary>Queues the delivery for the next batch; completes once its effect has committed (or faults with its failure).</summary>
    public Task ProcessAsync(IdempotentConsumer<TMessage> consumer, TMessage message, Guid messageId, bool redelivered,
        CancellationToken cancellationToken)
    {
        var delivery = new Delivery(consumer, message, messageId, redelivered, cancellationToken);
        bool start;
        lock (gate)
        {
            pending.Add(delivery);
            start = running < maxConcurrentBatches;
            if (start)
            {
                running++;
            }
        }

        if (start)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return delivery.Completion.Task;
    }

    /// <summary>Applies one delivery in a transaction of its own (a retry: it failed before and may fail again).</summary>
    public async Task ProcessAloneAsync(IdempotentConsumer<TMessage> consumer, TMessage message, Guid messageId, bool redelivered,
        CancellationToken cancellationToken)
    {
        var delivery = new Delivery(consumer, message, messageId, redelivered, cancellationToken);
        await RunAsync([delivery]);
        await delivery.Completion.Task;
    }

    async Task DrainAsync()
    {
        while (true)
        {
            List<Delivery> batch;
            lock (gate)
            {
                batch = TakeBatch();
                if (batch.Count == 0)
                {
                    running--;
                    return;
                }
            }

            await RunAsync(batch);
        }
    }

    /// <summary>The oldest pending deliveries, at most one per message id (the inbox statement may touch a row only once).</summary>
    List<Delivery> TakeBatch()
    {
        var batch = new List<Delivery>(Math.Min(pending.Count, maxBatchSize));
        var ids = new HashSet<Guid>();
        var kept = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var delivery = pending[i];
            if (delivery.CancellationToken.IsCancellationRequested)
            {
                delivery.Completion.TrySetCanceled(delivery.CancellationToken);
            }
            else if (batch.Count < maxBatchSize && ids.Add(delivery.MessageId))
            {
                batch.Add(delivery);
            }
            else
            {
                // A repeat of a message id in this batch waits for the next one, where the inbox absorbs it.
                pending[kept++] = delivery;
            }
        }

        pending.RemoveRange(kept, pending.Count - kept);
        return batch;
    }

    async Task RunAsync(List<Delivery> batch)
    {
        var remaining = batch;
        while (remaining.Count > 0)
        {
            var outcome = await TryBatchAsync(remaining);
            if (outcome.Records is { } records)
            {
                Completed(remaining, records);
                return;
            }

            if (outcome.FailedAt is not { } failedAt)
            {
                foreach (var delivery in remaining)
                {
                    Fail(delivery, outcome.Failure!);
                }

                return;
            }

            // Only this message's effect failed: it goes back to MassTransit (retry alone, then _error);
            // the rest run again without it.
            Fail(remaining[failedAt], outcome.Failure!);
            remaining = [.. remaining.Where((_, i) => i != failedAt)];
        }
    }

    async Task<Outcome> TryBatchAsync(List<Delivery> batch)
    {
        using var linked = LinkedCancellation(batch, out var cancellationToken);
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var records = await RecordAsync(connection, transaction, batch, cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                var delivery = batch[i];
                if (!records[delivery.MessageId].First)
                {
                    // Only the delivery counters change: the effect committed with the first delivery.
                    continue;
                }

                try
                {
                    await delivery.Consumer.ApplyInTransactionAsync(delivery.Message, connection, transaction, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    return new Outcome(null, i, ex);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return new Outcome(records, null, null);
        }
        catch (Exception ex)
        {
            // The inbox statement, the commit or the connection failed, or the endpoint is stopping:
            // nothing of this batch committed (or, after a lost commit reply, all of it did and the
            // redeliveries find their inbox records).
            return new Outcome(null, null, ex);
        }
    }

    async Task<Dictionary<Guid, (bool First, int Deliveries)>> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<Delivery> batch, CancellationToken cancellationToken)
    {
        // Sorted ids: concurrent batches lock inbox rows in the same order and cannot deadlock on them.
        var ordered = batch.OrderBy(d => d.MessageId).ToArray();
        await using var command = new NpgsqlCommand(RecordSql, connection, transaction);
        command.Parameters.AddWithValue("consumer", consumerName);
        command.Parameters.AddWithValue("type", MessageType);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
        {
            Value = Array.ConvertAll(ordered, d => d.MessageId),
        });
        command.Parameters.Add(new NpgsqlParameter("redelivered", NpgsqlDbType.Array | NpgsqlDbType.Integer)
        {
            Value = Array.ConvertAll(ordered, d => d.Redelivered ? 1 : 0),
        });
        var records = new Dictionary<Guid, (bool, int)>(batch.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records[reader.GetGuid(0)] = (reader.GetBoolean(1), reader.GetInt32(2));
        }

        return records;
    }

    void Completed(List<Delivery> batch, Dictionary<Guid, (bool First, int Deliveries)> records)
    {
        foreach (var delivery in batch)
        {
            var (first, deliveries) = records[delivery.MessageId];
            if (first)
            {
                try
                {
                    delivery.Consumer.EffectCommitted(delivery.Message);
                }
                catch (Exception ex)
                {
                    // The effect is committed; a failing notification must not make the message fail.
                    MessagingLog.EffectCommittedHookFailed(logger, delivery.MessageId, consumerName, ex);
                }
            }
            else
            {
                MessagingLog.DuplicateAbsorbed(logger, delivery.MessageId, consumerName, deliveries);
            }

            delivery.Completion.TrySetResult();
        }
    }

    static void Fail(Delivery delivery, Exception failure)
    {
        if (failure is OperationCanceledException && delivery.CancellationToken.IsCancellationRequested)
        {
            delivery.Completion.TrySetCanceled(delivery.CancellationToken);
        }
        else
        {
            delivery.Completion.TrySetException(failure);
        }
    }

    /// <summary>The deliveries of one endpoint normally share one token; a batch stops when any of them is cancelled.</summary>
    static CancellationTokenSource? LinkedCancellation(List<Delivery> batch, out CancellationToken cancellationToken)
    {
        var tokens = batch.Select(d => d.CancellationToken).Distinct().ToArray();
        if (tokens.Length == 1)
        {
            cancellationToken = tokens[0];
            return null;
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(tokens);
        cancellationToken = linked.Token;
        return linked;
    }

    sealed record Outcome(Dictionary<Guid, (bool First, int Deliveries)>? Records, int? FailedAt, Exception? Failure);

    sealed class Delivery(IdempotentConsumer<TMessage> consumer, TMessage message, Guid messageId, bool redelivered,
        CancellationToken cancellationToken)
    {
        public IdempotentConsumer<TMessage> Consumer { get; } = consumer;

        public TMessage Message { get; } = message;

        public Guid MessageId { get; } = messageId;

        public bool Redelivered { get; } = redelivered;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
