namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>Tuning of the event backbone; bound from configuration section "EventBackbone".</summary>
public sealed class EventBackboneOptions
{
    public const string SectionName = "EventBackbone";

    /// <summary>Set by AddEventBackbone: prefixes every queue so two services never share one.</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>Whether this process runs the outbox relay (a write-only replica may leave it to others).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>Rows one relay pass takes from a lane.</summary>
    public int RelayBatchSize { get; set; } = 1000;

    /// <summary>Pause between relay passes that found nothing more to do; bounds the added lag.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long one publish may wait for the broker's confirm before the batch counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RelayMinBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RelayMaxBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sent outbox rows and inbox records are kept this long (the inbox must outlive any redelivery).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Health turns degraded when the oldest unsent event is older than this.</summary>
    public TimeSpan BacklogAgeDegraded { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Health turns degraded when more events than this wait to be published.</summary>
    public int BacklogCountDegraded { get; set; } = 10_000;

    /// <summary>In-process retries of a failing consumer before the message moves to the _error queue.</summary>
    public int RetryLimit { get; set; } = 5;

    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryIntervalDelta { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Unacknowledged messages the broker hands one consumer queue at a time.</summary>
    public int PrefetchCount { get; set; } = 128;

    /// <summary>
    /// Messages one receive endpoint has in flight at once. Those that arrive together share inbox
    /// transactions, so this sets how large batches can grow, not how many connections are used.
    /// </summary>
    public int ConcurrentMessageLimit { get; set; } = 64;

    /// <summary>Most messages of one consumer applied in one transaction (one commit); 1 gives each message its own.</summary>
    public int InboxBatchSize { get; set; } = 64;

    /// <summary>Inbox transactions one consumer type runs at once (each holds a database connection).</summary>
    public int InboxConcurrentBatches { get; set; } = 2;
}
