using RelicSecurity.ServiceDefaults.Persistence;

namespace RelicSecurity.Cases.Persistence;

/// <summary>Ready once the schema is migrated and the database answers as the service role.</summary>
public sealed class CasesDatabaseHealthCheck(CasesDatabase database, CasesDatabaseMigrator migrator)
    : MigratedDatabaseHealthCheck(database.DataSource, () => migrator.Completed, "cases");
