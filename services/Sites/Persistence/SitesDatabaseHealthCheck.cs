using RelicSecurity.ServiceDefaults.Persistence;

namespace RelicSecurity.Sites.Persistence;

/// <summary>Ready once the schema is migrated and the database answers.</summary>
public sealed class SitesDatabaseHealthCheck(SitesDatabase database, SitesDatabaseMigrator migrator)
    : MigratedDatabaseHealthCheck(database.DataSource, () => migrator.Completed, "sites");
