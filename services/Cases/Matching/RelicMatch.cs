using RelicSecurity.Cases.Domain;

namespace RelicSecurity.Cases.Matching;

/// <summary>A sought relic and how well it matches (0..1).</summary>
public sealed record RelicMatch(RelicRecord Relic, double Score);
