using Npgsql;
using RelicSecurity.ServiceDefaults.Persistence;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>The Inspections service's embedded migrations (Migrations/NNNN_name.sql), applied by the shared <see cref="EmbeddedMigrations"/>.</summary>
public static class MigrationRunner
{
    // Arbitrary constant shared by every Inspections instance: the "inspections" schema lock.
    private const long AdvisoryLockKey = 0x496E_7370_6563_01;

    private static readonly EmbeddedMigrations Migrations = new(typeof(MigrationRunner).Assembly, AdvisoryLockKey);

    public static IReadOnlyList<Migration> Embedded => Migrations.All;

    public static Task<IReadOnlyList<int>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        Migrations.ApplyAsync(dataSource, cancellationToken);
}
