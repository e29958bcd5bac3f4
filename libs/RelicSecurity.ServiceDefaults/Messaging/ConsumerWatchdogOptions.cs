namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>Settings of <see cref="ConsumerWatchdog"/> (configuration section "EventBackbone:ConsumerWatchdog").</summary>
public sealed class ConsumerWatchdogOptions
{
    public const string SectionName = EventBackboneOptions.SectionName + ":ConsumerWatchdog";

    /// <summary>Turns the watchdog off (it is on by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the broker is asked whether this service's queues have consumers.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a queue may stay without any consumer, or with messages waiting while this process consumes
    /// none of them, before the bus is restarted. Long enough for MassTransit's own reconnects after a
    /// broker restart, and for the slowest consumer to finish one message.
    /// </summary>
    public TimeSpan DetachedGrace { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long one look at the broker may take before it counts as "broker not answering".</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a bus restart may take before the watchdog gives up on it and tries again later.</summary>
    public TimeSpan RestartTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
