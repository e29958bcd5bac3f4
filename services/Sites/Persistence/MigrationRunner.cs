using Npgsql;
using RelicSecurity.ServiceDefaults.Persistence;

namespace RelicSecurity.Sites.Persistence;

/// <summary>The Sites service's embedded migrations (Migrations/NNNN_name.sql), applied by the shared <see cref="EmbeddedMigrations"/>.</summary>
public static class MigrationRunner
{
    // Arbitrary constant shared by every Sites instance: "sites" schema lock.
    private const long AdvisoryLockKey = 0x5173_7465_7331;

    private static readonly EmbeddedMigrations Migrations = new(typeof(MigrationRunner).Assembly, AdvisoryLockKey);

    public static IReadOnlyList<Migration> Embedded => Migrations.All;

    public static Task<IReadOnlyList<int>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        Migrations.ApplyAsync(dataSource, cancellationToken);
}
