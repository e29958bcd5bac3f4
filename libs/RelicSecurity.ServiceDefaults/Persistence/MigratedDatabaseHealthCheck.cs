using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RelicSecurity.ServiceDefaults.Persistence;

/// <summary>
/// Ready once the service's schema is migrated and its database answers. Each service derives one for its own
/// database, so the health check is registered (and resolved with its database and migrator) by its type.
/// </summary>
public abstract class MigratedDatabaseHealthCheck(NpgsqlDataSource dataSource, Func<bool> migrated, string databaseName) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!migrated())
        {
            return HealthCheckResult.Unhealthy("migrations not applied yet");
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy($"{databaseName} database unreachable", ex);
        }
    }
}
