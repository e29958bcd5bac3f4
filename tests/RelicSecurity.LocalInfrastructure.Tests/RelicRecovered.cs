namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>A message for the publish→consume check through RabbitMQ.</summary>
public sealed record RelicRecovered(Guid RelicId, string Name);
