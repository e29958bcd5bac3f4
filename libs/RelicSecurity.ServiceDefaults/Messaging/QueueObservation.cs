namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// One look at a consumer queue: how many consumers the broker counts on it, how many messages wait there
/// ready for delivery, and how many messages this process has finished consuming from it so far.
/// </summary>
public readonly record struct QueueObservation(uint Consumers, uint Ready, long Consumed);
