using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Degraded, with the reason, while the relay cannot reach the broker or the backlog grows; writes keep
/// succeeding meanwhile because they only touch the database. Unhealthy only when the database is gone.
/// </summary>
public sealed class OutboxHealthCheck(MessagingDatabase database, OutboxRelayStatus status, IOptions<EventBackboneOptions> options)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        OutboxBacklog backlog;
        try
        {
            backlog = await OutboxBacklog.ReadAsync(database.DataSource, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("outbox database unreachable: " + ex.Message, ex);
        }

        var data = new Dictionary<string, object>
        {
            ["waiting"] = backlog.Waiting,
            ["oldest_seconds"] = backlog.OldestAge?.TotalSeconds ?? 0,
            ["published_since_start"] = status.Published,
        };
        var settings = options.Value;
        if (status.FailingSince is { } since)
        {
            return HealthCheckResult.Degraded(
                $"event broker unreachable since {since:u} ({status.LastError}); {backlog.Waiting} events wait in the outbox", data: data);
        }

        if (backlog.OldestAge > settings.BacklogAgeDegraded || backlog.Waiting > settings.BacklogCountDegraded)
        {
            return HealthCheckResult.Degraded(
                $"outbox backlog grows: {backlog.Waiting} events wait, the oldest for {backlog.OldestAge?.TotalSeconds:0} s"
                + (backlog.LastError is null ? "" : $" (last error: {backlog.LastError})"), data: data);
        }

        return HealthCheckResult.Healthy($"{backlog.Waiting} events wait in the outbox", data);
    }
}
