using RelicSecurity.Inspections.Domain;
using RelicSecurity.Inspections.Persistence;

namespace RelicSecurity.Inspections.Application;

/// <summary>
/// Applies API.md's RISK_TRIGGERED rule to a site's risk change (the consumer of SiteRiskChanged feeds it): remembers the
/// site's latest level and rise, and plans an inspection when the rule says so. Decision, memory and insert share one
/// transaction under the site's lock (the same lock a completing or cancelling inspection takes), so two changes of one
/// site arriving together plan at most one inspection; a redelivered change is a rise already handled, and the
/// trigger's id is also the request_id.
/// </summary>
public sealed class RiskTriggeredPlanner(InspectionsDatabase database, TimeProvider time)
{
    /// <summary>The inspection planned for this change, or null when the rule plans none (now).</summary>
    public async Task<Inspection?> PlanIfDueAsync(SiteRiskChange change, string triggerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrEmpty(triggerId);
        // Stored times keep microseconds: compare the event's time as it will be read back, or a redelivery would look newer.
        change = change with { ChangedAt = Rows.Stored(change.ChangedAt) };

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SiteRiskStore.LockSitesAsync(connection, transaction, [change.SiteId], cancellationToken);
        var known = await SiteRiskStore.FindAsync(connection, transaction, change.SiteId, cancellationToken);
        var active = await InspectionRepository.HasActiveInspectionAsync(connection, transaction, change.SiteId, cancellationToken);
        var now = Rows.Stored(time.GetUtcNow());
        var decision = RiskTriggeredRule.OnChange(known, change, active, now);
        if (decision.Memory != known)
        {
            await SiteRiskStore.SaveAsync(connection, transaction, decision.Memory, cancellationToken);
        }

        var created = decision.Plan is { } plan
            ? await InspectionRepository.InsertAsync(connection, transaction, plan, RiskFollowUp.Planner, triggerId, now, cancellationToken)
            : null;
        await transaction.CommitAsync(cancellationToken);
        return created;
    }
}
