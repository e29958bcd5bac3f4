using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Sites.Domain;

namespace RelicSecurity.Sites.Persistence;

/// <summary>A stored site and, when the write moved its score, the risk change to announce.</summary>
public sealed record SiteWriteResult(Site Site, RiskChange? RiskChange, bool Created = true);
