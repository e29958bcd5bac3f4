namespace RelicSecurity.Cases.Domain;

/// <summary>What RegisterRelic stores, validated.</summary>
public sealed record NewRelic(ObjectDescription Object, RelicGrade Grade, RelicStatus Status, string CurrentHolder);
