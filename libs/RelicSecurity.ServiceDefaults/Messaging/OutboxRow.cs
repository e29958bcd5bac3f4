namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>An unsent outbox row as the relay reads it.</summary>
internal sealed record OutboxRow(Guid Id, string PartitionKey, string MessageType, string Body, int Attempts, string? TraceParent);
