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

        // Every statement here has a fixed shape per filter combination and one good plan whatever
        // the values (the index follows from which filters are present), so PostgreSQL reuses the
        // generic plan instead of planning each execution again: planning cost as much as running.
        if (!HasSetting(connectionString, "Options"))
        {
            builder.Options = "-c plan_cache_mode=force_generic_plan";
        }

        // Returning a connection to the pool would otherwise queue a seven-statement session reset
        // (RESET ALL; DISCARD TEMP; ...) in front of the next call's query: as much PostgreSQL work as
        // a ListSites page. Nothing here keeps session state: locks are transaction-scoped and the
        // importer's staging table is emptied at every commit and created "IF NOT EXISTS".
        if (!HasSetting(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        // A few connections per core: PostgreSQL does not get through more work with more backends
        // than it has cores to run them, it only switches between them, unfairly. Callers beyond the
        // pool wait in its first-come-first-served queue instead (measured with bench/Sites: the p99
        // of name queries fell from ~80 to ~40 ms with 6 connections instead of 32).
        if (!HasSetting(connectionString, "Max Pool Size", "MaxPoolSize", "Maximum Pool Size"))
        {
            builder.MaxPoolSize = Math.Max(8, 4 * Environment.ProcessorCount);
        }

        return new(NpgsqlDataSource.Create(builder.ConnectionString));
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static bool HasSetting(string connectionString, params string[] names) =>
        names.Any(name => connectionString.Contains(name, StringComparison.OrdinalIgnoreCase));
}
