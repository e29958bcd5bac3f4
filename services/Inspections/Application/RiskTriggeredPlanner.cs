using Npgsql;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.Inspections.Persistence;

namespace RelicSecurity.Inspections.Application;

/// <summary>
/// Applies API.md's RISK_TRIGGERED rule to a site's risk change (the consumer of SiteRiskChanged feeds it).
/// Decision and insert share one transaction under a per-site advisory lock, so two changes of one site
/// arriving together plan at most one inspection; the trigger's id is the request_id, so a redelivered
/// change plans nothing twice.
/// </summary>
public sealed class RiskTriggeredPlanner(InspectionsDatabase database, TimeProvider time)
{
    /// <summary>The created_by of inspections the rule plans (request_id idempotency is per creator).</summary>
    public const string Planner = "system:risk-triggered";

    /// <summary>The inspection planned for this change, or null when the rule plans none.</summary>
    public async Task<Inspection?> PlanIfDueAsync(SiteRiskRise rise, string triggerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rise);
        ArgumentException.ThrowIfNullOrEmpty(triggerId);
        if (!RiskTriggeredRule.IsTrigger(rise.From, rise.To))
        {
            return null;
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var siteLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
        {
            siteLock.Parameters.Add(Rows.Value("risk-triggered:" + rise.SiteId));
            await siteLock.ExecuteNonQueryAsync(cancellationToken);
        }

        var active = await InspectionRepository.HasActiveInspectionAsync(connection, transaction, rise.SiteId, cancellationToken);
        var plan = RiskTriggeredRule.Decide(rise, active, time.GetUtcNow());
        var created = plan is null
            ? null
            : await InspectionRepository.InsertAsync(connection, transaction, plan, Planner, triggerId, Rows.Stored(time.GetUtcNow()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created;
    }
}
