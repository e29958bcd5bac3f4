namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Decides from successive looks at the broker which of a service's queues are stuck: without any consumer,
/// or with messages waiting while this process consumes none of them, for longer than the grace period.
/// Plain logic, fed by <see cref="ConsumerWatchdog"/>.
/// </summary>
public sealed class StuckQueueTracker(TimeSpan grace)
{
    readonly Dictionary<string, (TimeSpan Since, long ConsumedThen)> troubled = new(StringComparer.Ordinal);

    /// <summary>
    /// Records one look at the queues (a queue missing on the broker counts as having no consumer) taken at
    /// <paramref name="now"/>; returns the queues stuck for longer than the grace period, how long, and why.
    /// </summary>
    public IReadOnlyList<StuckQueue> Observe(IReadOnlyDictionary<string, QueueObservation> queues, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(queues);
        var stuck = new List<StuckQueue>();
        foreach (var (queue, look) in queues)
        {
            var detached = look.Consumers == 0;
            if (!detached && look.Ready == 0)
            {
                troubled.Remove(queue);
                continue;
            }

            if (!troubled.TryGetValue(queue, out var trouble) || (!detached && look.Consumed != trouble.ConsumedThen))
            {
                // Newly troubled, or consuming again since: the clock starts (again) now.
                troubled[queue] = (now, look.Consumed);
                continue;
            }

            if (now - trouble.Since > grace)
            {
                var why = detached ? "no consumer" : $"{look.Ready} messages waiting and none consumed";
                stuck.Add(new StuckQueue(queue, now - trouble.Since, why));
            }
        }

        foreach (var gone in troubled.Keys.Where(queue => !queues.ContainsKey(queue)).ToList())
        {
            troubled.Remove(gone);
        }

        return stuck;
    }

    /// <summary>Forgets everything: after a restart of the bus, or while the broker itself is unreachable.</summary>
    public void Reset() => troubled.Clear();
}

/// <summary>A queue the watchdog found stuck, for how long, and why.</summary>
public sealed record StuckQueue(string Queue, TimeSpan For, string Why);
