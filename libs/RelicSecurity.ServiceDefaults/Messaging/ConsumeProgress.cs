using System.Collections.Concurrent;
using MassTransit;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Counts, per receive queue, the messages this process has finished consuming (applied or failed), so the
/// watchdog can tell a consumer that works through a backlog from one that is attached but stuck.
/// </summary>
public sealed class ConsumeProgress : IConsumeObserver
{
    readonly ConcurrentDictionary<string, long> consumed = new(StringComparer.Ordinal);

    public long ConsumedFrom(string queue) => consumed.TryGetValue(queue, out var count) ? count : 0;

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        Count(context);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        Count(context);
        return Task.CompletedTask;
    }

    void Count(ConsumeContext context)
    {
        if (context.ReceiveContext?.InputAddress is { } address)
        {
            consumed.AddOrUpdate(address.AbsolutePath.TrimEnd('/').Split('/')[^1], 1, (_, count) => count + 1);
        }
    }
}
