using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RelicSecurity.Sites.Persistence;

/// <summary>Ready once the schema is migrated and the database answers.</summary>
public sealed class SitesDatabaseHealthCheck(SitesDatabase database, SitesDatabaseMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!migrator.Completed)
        {
            return HealthCheckResult.Unhealthy("migrations not applied yet");
        }

        try
        {
            await using var command = database.DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Npgsql.NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("sites database unreachable", ex);
        }
    }
}
