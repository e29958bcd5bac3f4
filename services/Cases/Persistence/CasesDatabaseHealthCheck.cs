using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RelicSecurity.Cases.Persistence;

/// <summary>Ready once the schema is migrated and the database answers as the service role.</summary>
public sealed class CasesDatabaseHealthCheck(CasesDatabase database, CasesDatabaseMigrator migrator) : IHealthCheck
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
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("cases database unreachable", ex);
        }
    }
}
