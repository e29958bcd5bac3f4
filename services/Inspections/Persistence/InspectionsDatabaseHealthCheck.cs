using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>Ready once the schema is migrated and the database answers.</summary>
public sealed class InspectionsDatabaseHealthCheck(InspectionsDatabase database, InspectionsDatabaseMigrator migrator) : IHealthCheck
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
            return HealthCheckResult.Unhealthy("inspections database unreachable", ex);
        }
    }
}
