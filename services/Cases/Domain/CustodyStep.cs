namespace RelicSecurity.Cases.Domain;

/// <summary>One recorded custody event: what happened, who holds the relic since, when, recorded by whom.</summary>
public sealed record CustodyStep(CustodyKind Kind, string Holder, DateTimeOffset At, string Actor, string Note);
