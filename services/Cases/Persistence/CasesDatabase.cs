using Npgsql;

namespace RelicSecurity.Cases.Persistence;

/// <summary>
/// The Cases service's own PostgreSQL database (connection string "cases-db"). The service's calls run as
/// <see cref="ServiceRole"/>, which may not change or remove audit entries; only the migrator uses the
/// connecting user's own rights (it owns the schema).
/// </summary>
public sealed class CasesDatabase(NpgsqlDataSource dataSource, NpgsqlDataSource ownerDataSource) : IAsyncDisposable
{
    public const string ConnectionName = "cases-db";

    /// <summary>The role every service session switches to (created by migration 0002).</summary>
    public const string ServiceRole = "relic_cases_service";

    /// <summary>Sessions as <see cref="ServiceRole"/>: what every call uses.</summary>
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>Sessions as the connecting user, for migrations only.</summary>
    public NpgsqlDataSource OwnerDataSource { get; } = ownerDataSource;

    public static CasesDatabase Create(string connectionString)
    {
        var owner = new NpgsqlConnectionStringBuilder(connectionString);
        var service = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Startup options, not SETs: they are the session's defaults, so no pool reset can undo them. JIT off:
            // compiling a plan costs ~120 ms, more than any of the service's queries runs (MatchRelic's scoring
            // query crossed jit_above_cost at a million relics and paid it on every call).
            Options = $"-c role={ServiceRole} -c jit=off {owner.Options}".Trim(),
            // A few connections per core: more backends than cores only queue inside PostgreSQL.
            MaxPoolSize = HasSetting(connectionString, "Max Pool Size", "MaxPoolSize", "Maximum Pool Size")
                ? owner.MaxPoolSize
                : Math.Max(8, 4 * Environment.ProcessorCount),
        };
        if (!HasSetting(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            // Every call runs one of a handful of statements: prepare them once per connection.
            service.MaxAutoPrepare = 32;
            service.AutoPrepareMinUsages = 2;
        }

        return new(NpgsqlDataSource.Create(service.ConnectionString), NpgsqlDataSource.Create(owner.ConnectionString));
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await OwnerDataSource.DisposeAsync();
    }

    private static bool HasSetting(string connectionString, params string[] names) =>
        names.Any(name => connectionString.Contains(name, StringComparison.OrdinalIgnoreCase));
}
