namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Remembers since when each of a service's queues has had no consumer on the broker, and says which ones
/// have stayed so for longer than the grace period. Plain logic, fed by <see cref="ConsumerWatchdog"/>.
/// </summary>
public sealed class DetachedQueueTracker(TimeSpan grace)
{
    readonly Dictionary<string, TimeSpan> detachedSince = new(StringComparer.Ordinal);

    /// <summary>
    /// Records one look at the broker (queue → number of consumers; a missing queue counts as none) taken at
    /// <paramref name="now"/>, and returns the queues detached for longer than the grace period, with how long.
    /// </summary>
    public IReadOnlyList<(string Queue, TimeSpan DetachedFor)> Observe(IReadOnlyDictionary<string, uint> consumersByQueue, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(consumersByQueue);
        var overdue = new List<(string, TimeSpan)>();
        foreach (var (queue, consumers) in consumersByQueue)
        {
            if (consumers > 0)
            {
                detachedSince.Remove(queue);
                continue;
            }

            if (!detachedSince.TryGetValue(queue, out var since))
            {
                detachedSince[queue] = now;
                continue;
            }

            if (now - since > grace)
            {
                overdue.Add((queue, now - since));
            }
        }

        foreach (var gone in detachedSince.Keys.Where(queue => !consumersByQueue.ContainsKey(queue)).ToList())
        {
            detachedSince.Remove(gone);
        }

        return overdue;
    }

    /// <summary>Forgets everything: after a restart of the bus, or while the broker itself is unreachable.</summary>
    public void Reset() => detachedSince.Clear();
}
