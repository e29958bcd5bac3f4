using MassTransit;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>
/// A consumer of the status projection: merges what one event reports about its records into their state in Redis
/// (<see cref="StatusStore"/>). There is no inbox here: a redelivered or re-published event merges into the state it
/// already produced and changes nothing, which is what makes the projection idempotent and order-independent.
/// A failure (Redis down) throws, so the backbone's retry and then the _error queue keep the event.
/// </summary>
public abstract class ProjectionConsumer<TMessage>(StatusStore store) : IConsumer<TMessage>
    where TMessage : class
{
    public Task Consume(ConsumeContext<TMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ProjectAsync(context.Message, store);
    }

    protected abstract Task ProjectAsync(TMessage message, StatusStore store);

    protected static string[] ProvincesOf(string lead, IEnumerable<string> participating) => [lead, .. participating];
}
