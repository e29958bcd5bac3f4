namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>What the relay of this process last saw; read by the health check and the tests.</summary>
public sealed class OutboxRelayStatus(TimeProvider timeProvider)
{
    readonly Lock gate = new();
    DateTimeOffset? failingSince;
    string? lastError;
    long published;
    long publishFailures;

    public DateTimeOffset? FailingSince { get { lock (gate) { return failingSince; } } }

    public string? LastError { get { lock (gate) { return lastError; } } }

    /// <summary>Publishes confirmed by the broker since start, repeats after a lost confirm included.</summary>
    public long Published => Interlocked.Read(ref published);

    public long PublishFailures => Interlocked.Read(ref publishFailures);

    internal void RecordPublished(int count)
    {
        Interlocked.Add(ref published, count);
    }

    internal void RecordSuccess()
    {
        lock (gate)
        {
            failingSince = null;
            lastError = null;
        }
    }

    internal void RecordFailure(string error)
    {
        Interlocked.Increment(ref publishFailures);
        lock (gate)
        {
            failingSince ??= timeProvider.GetUtcNow();
            lastError = error;
        }
    }
}
