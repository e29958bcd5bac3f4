namespace RelicSecurity.Cases.Audit;

/// <summary>One audit row: who (subject, role, province) called which method on which records, and how it ended.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Role, string ProvinceCode, string Method,
    IReadOnlyList<string> RecordIds, string Outcome);
