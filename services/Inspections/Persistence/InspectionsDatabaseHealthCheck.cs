using RelicSecurity.ServiceDefaults.Persistence;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>Ready once the schema is migrated and the database answers.</summary>
public sealed class InspectionsDatabaseHealthCheck(InspectionsDatabase database, InspectionsDatabaseMigrator migrator)
    : MigratedDatabaseHealthCheck(database.DataSource, () => migrator.Completed, "inspections");
