namespace RelicSecurity.AppHost;

/// <summary>A database of the shared PostgreSQL server, created at start when missing.</summary>
internal sealed class DatabaseResource(string name, string database, Func<string> value)
    : ConnectionStringResource(name, value)
{
    public string Database { get; } = database;
}
