namespace RelicSecurity.Cases.Matching;

/// <summary>A seized object's description to check against the sought list.</summary>
public sealed record MatchRequest(string Text, string ObjectType, IReadOnlyList<string> Materials, string Period, int Limit, string? ReachableProvince);
