using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// A consumer whose effect happens at most once per message id: the inbox record and the effect commit
/// in one transaction, so a redelivery (broker restart, consumer crash before its ack, a repeat publish
/// by the relay, a re-drive) finds the record and does nothing. A failed effect rolls the record back
/// too, so the retry or re-drive runs the effect again.
/// Messages that arrive together share one transaction (<see cref="InboxBatcher{TMessage}"/>); a failing
/// one is split off and retried alone, so the others are neither held back nor applied twice.
/// </summary>
public abstract class IdempotentConsumer<TMessage> : IConsumer<TMessage>
    where TMessage : class
{
    /// <summary>The name the inbox keys this consumer's records by; stable across deployments.</summary>
    protected virtual string ConsumerName => GetType().Name;

    internal string InboxName => ConsumerName;

    /// <summary>
    /// The effect, written with <paramref name="connection"/> inside <paramref name="transaction"/> (other
    /// messages' effects may share the transaction: keep no state between calls and do not commit).
    /// Throwing rolls the effect back and fails this message.
    /// </summary>
    protected abstract Task ApplyAsync(TMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken);

    /// <summary>
    /// Called after the transaction holding the message's effect committed (not for absorbed duplicates),
    /// for metrics or notifications. Not for effects: a crash right after the commit skips it.
    /// </summary>
    protected virtual void OnEffectCommitted(TMessage message)
    {
    }

    internal Task ApplyInTransactionAsync(TMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken) => ApplyAsync(message, connection, transaction, cancellationToken);

    internal void EffectCommitted(TMessage message) => OnEffectCommitted(message);

    public Task Consume(ConsumeContext<TMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; the inbox cannot deduplicate it.");
        var batches = context.GetPayload<IServiceProvider>().GetRequiredService<InboxBatches>();
        var batcher = batches.For(this);
        var redelivered = context.ReceiveContext.Redelivered;
        // A retry failed before and may fail again: alone, it cannot roll back other messages' effects.
        return batches.MaxBatchSize <= 1 || context.GetRetryAttempt() > 0
            ? batcher.ProcessAloneAsync(this, context.Message, messageId, redelivered, context.CancellationToken)
            : batcher.ProcessAsync(this, context.Message, messageId, redelivered, context.CancellationToken);
    }
}
