namespace RelicSecurity.ServiceDefaults.TestWorker;

/// <summary>The event the kill tests write with each record (test-only, so it lives here, not in Contracts).</summary>
public sealed record RecordCreated(Guid RecordId, int Number);
