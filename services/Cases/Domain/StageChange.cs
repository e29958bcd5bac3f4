namespace RelicSecurity.Cases.Domain;

/// <summary>One entry of a case's history: who moved it from which stage to which, when, and why.</summary>
public sealed record StageChange(CaseStage? From, CaseStage To, DateTimeOffset At, string Actor, string Note);
