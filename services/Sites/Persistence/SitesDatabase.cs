using Npgsql;

namespace RelicSecurity.Sites.Persistence;

/// <summary>The Sites service's own PostgreSQL database (connection string "sites-db").</summary>
public sealed class SitesDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public const string ConnectionName = "sites-db";

    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>
    /// A data source that prepares the statements it runs repeatedly (unless the connection string
    /// says otherwise): ListSites and SearchSitesNearby are a handful of SQL texts, and planning them
    /// anew cost PostgreSQL about as much as running them.
    /// </summary>
    public static SitesDatabase Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!HasSetting(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        // Returning a connection to the pool would otherwise queue a seven-statement session reset
        // (RESET ALL; DISCARD TEMP; ...) in front of the next call's query: as much PostgreSQL work as
        // a ListSites page. Nothing here keeps session state: locks are transaction-scoped and the
        // importer's staging table is emptied at every commit and created "IF NOT EXISTS".
        if (!HasSetting(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return new(NpgsqlDataSource.Create(builder.ConnectionString));
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static bool HasSetting(string connectionString, params string[] names) =>
        names.Any(name => connectionString.Contains(name, StringComparison.OrdinalIgnoreCase));
}
