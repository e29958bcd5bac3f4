namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// One integration event to publish after the caller's transaction commits.
/// </summary>
/// <param name="PartitionKey">The id of the record the event is about: the events of one key are published in the order they were appended.</param>
/// <param name="Message">An integration event record (a type in a namespace, e.g. RelicSecurity.Contracts.Events.Sites.SiteRegistered).</param>
public sealed record OutboxEvent(string PartitionKey, object Message);
