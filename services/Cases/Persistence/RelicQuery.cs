using RelicSecurity.Cases.Domain;
using RelicSecurity.ServiceDefaults.Paging;

namespace RelicSecurity.Cases.Persistence;

/// <summary>ListRelics filters (null = any); <see cref="ReachableProvince"/> limits a provincial caller to its own cases' relics.</summary>
public sealed record RelicQuery(
    Guid? CaseId,
    RelicStatus? Status,
    string? ProvinceCode,
    string? ReachableProvince,
    bool HandoverOverdue,
    DateTimeOffset Now,
    int PageSize,
    KeysetPageToken? After);
