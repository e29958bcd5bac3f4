using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// One <see cref="InboxBatcher{TMessage}"/> per consumer type of this service (a singleton, so the
/// consumers of one database share their batches and the batches end with the service).
/// </summary>
public sealed class InboxBatches(MessagingDatabase database, IOptions<EventBackboneOptions> options, ILoggerFactory loggerFactory)
{
    readonly ConcurrentDictionary<Type, object> batchers = new();

    internal int MaxBatchSize => options.Value.InboxBatchSize;

    internal InboxBatcher<TMessage> For<TMessage>(IdempotentConsumer<TMessage> consumer)
        where TMessage : class =>
        (InboxBatcher<TMessage>)batchers.GetOrAdd(consumer.GetType(), type => new InboxBatcher<TMessage>(
            database, consumer.InboxName, options.Value.InboxBatchSize, options.Value.InboxConcurrentBatches,
            loggerFactory.CreateLogger(type)));
}
