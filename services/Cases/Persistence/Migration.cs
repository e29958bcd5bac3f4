namespace RelicSecurity.Cases.Persistence;

/// <summary>One versioned SQL file (Migrations/NNNN_name.sql).</summary>
public sealed record Migration(int Version, string Name, string Sql);
