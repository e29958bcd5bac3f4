namespace RelicSecurity.Gateway.Status.Projection;

/// <summary>One count a record adds to one province's status (or the national totals) while it is in its current state.</summary>
public readonly record struct Contribution(string Province, string Field, long Amount = 1);

/// <summary>A relic that must be handed over by <paramref name="DueAt"/>: overdue in its provinces once that time passes.</summary>
public readonly record struct HandoverDue(string Province, string RelicId, DateTimeOffset DueAt);
