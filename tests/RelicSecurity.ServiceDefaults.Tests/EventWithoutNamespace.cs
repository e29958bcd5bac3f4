#pragma warning disable CA1050 // Deliberately outside any namespace: MassTransit cannot route such a type.
public sealed record EventWithoutNamespace(int Value);
#pragma warning restore CA1050
