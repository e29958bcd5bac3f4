namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

public sealed record ThingHappened(Guid ThingId, int Number);
