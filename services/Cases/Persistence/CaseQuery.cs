using RelicSecurity.Cases.Domain;
using RelicSecurity.ServiceDefaults.Paging;

namespace RelicSecurity.Cases.Persistence;

/// <summary>
/// ListCases filters (null = any). <see cref="ReachableProvince"/> limits a provincial caller to cases inside its
/// province whatever the request's own filters say.
/// </summary>
public sealed record CaseQuery(
    string? ProvinceCode,
    string? ReachableProvince,
    CaseType? Type,
    CaseStage? Stage,
    string? SiteId,
    SupervisionLevel? Supervision,
    DateTimeOffset? OpenedAfter,
    DateTimeOffset? OpenedBefore,
    int PageSize,
    KeysetPageToken? After);
