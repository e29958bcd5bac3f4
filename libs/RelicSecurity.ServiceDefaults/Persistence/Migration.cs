namespace RelicSecurity.ServiceDefaults.Persistence;

/// <summary>One versioned SQL file.</summary>
public sealed record Migration(int Version, string Name, string Sql);
