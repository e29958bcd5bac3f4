using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// A consumer whose effect happens at most once per message id: the inbox record and the effect commit
/// in one transaction, so a redelivery (broker restart, consumer crash before its ack, a repeat publish
/// by the relay, a re-drive) finds the record and does nothing. A failed effect rolls the record back
/// too, so the retry or re-drive runs the effect again.
/// </summary>
public abstract class IdempotentConsumer<TMessage> : IConsumer<TMessage>
    where TMessage : class
{
    const string RecordSql = """
        INSERT INTO messaging.inbox AS i (consumer, message_id, message_type, redeliveries)
        VALUES (@consumer, @id, @type, @redelivered)
        ON CONFLICT (consumer, message_id) DO UPDATE
            SET deliveries = i.deliveries + 1,
                redeliveries = i.redeliveries + EXCLUDED.redeliveries,
                last_delivered_at = now()
        RETURNING (xmax = 0) AS first, deliveries
        """;

    /// <summary>The name the inbox keys this consumer's records by; stable across deployments.</summary>
    protected virtual string ConsumerName => GetType().Name;

    protected abstract Task ApplyAsync(TMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken);

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; the inbox cannot deduplicate it.");
        var services = context.GetPayload<IServiceProvider>();
        var database = services.GetRequiredService<MessagingDatabase>();
        var cancellationToken = context.CancellationToken;

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (first, deliveries) = await RecordAsync(connection, transaction, messageId, context.ReceiveContext.Redelivered, cancellationToken);
        if (!first)
        {
            // Only the delivery counters change: the effect committed with the first delivery.
            await transaction.CommitAsync(cancellationToken);
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger(GetType()) ?? NullLogger.Instance;
            MessagingLog.DuplicateAbsorbed(logger, messageId, ConsumerName, deliveries);
            return;
        }

        await ApplyAsync(context.Message, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    async Task<(bool First, int Deliveries)> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid messageId, bool redelivered, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(RecordSql, connection, transaction);
        command.Parameters.AddWithValue("consumer", ConsumerName);
        command.Parameters.AddWithValue("id", messageId);
        command.Parameters.AddWithValue("type", typeof(TMessage).FullName ?? typeof(TMessage).Name);
        command.Parameters.AddWithValue("redelivered", redelivered ? 1 : 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetBoolean(0), reader.GetInt32(1));
    }
}
