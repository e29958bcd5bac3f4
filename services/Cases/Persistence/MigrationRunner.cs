using Npgsql;
using RelicSecurity.ServiceDefaults.Persistence;

namespace RelicSecurity.Cases.Persistence;

/// <summary>The Cases service's embedded migrations (Migrations/NNNN_name.sql), applied by the shared <see cref="EmbeddedMigrations"/>.</summary>
public static class MigrationRunner
{
    // Arbitrary constant shared by every Cases instance ("cases" schema lock).
    private const long AdvisoryLockKey = 0x4361_7365_7331;

    private static readonly EmbeddedMigrations Migrations = new(typeof(MigrationRunner).Assembly, AdvisoryLockKey);

    public static IReadOnlyList<Migration> Embedded => Migrations.All;

    public static Task<IReadOnlyList<int>> ApplyAsync(NpgsqlDataSource ownerDataSource, CancellationToken cancellationToken = default) =>
        Migrations.ApplyAsync(ownerDataSource, cancellationToken);
}
