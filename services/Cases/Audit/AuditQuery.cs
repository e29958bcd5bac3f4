namespace RelicSecurity.Cases.Audit;

/// <summary>ListAuditEntries filters ("" = any) and the keyset position.</summary>
public sealed record AuditQuery(string RecordId, string Actor, DateTimeOffset? Since, int PageSize, long AfterId);
