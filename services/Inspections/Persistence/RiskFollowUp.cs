using Npgsql;
using RelicSecurity.Inspections.Domain;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>
/// The RISK_TRIGGERED rule's part in completing or cancelling an inspection: settles the rises its sites owe
/// (<see cref="RiskTriggeredRule.OnInspectionClosed"/>) in the closing's own transaction, so the follow-up inspection
/// and its InspectionPlanned exist exactly when the closing committed.
/// </summary>
internal static class RiskFollowUp
{
    /// <summary>The created_by of inspections the rule plans (request_id idempotency is per creator).</summary>
    public const string Planner = "system:risk-triggered";

    /// <summary>Call after the inspection's state was set to COMPLETED or CANCELLED in <paramref name="transaction"/>.</summary>
    public static async Task AfterCloseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Inspection closed, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // Every site is locked before its memory is read: a SiteRiskChanged being applied concurrently either committed
        // its owed rise before (seen here) or waits and then finds this inspection closed (and plans by itself).
        await SiteRiskStore.LockSitesAsync(connection, transaction, closed.SiteIds, cancellationToken);
        var owing = await SiteRiskStore.OwingAsync(connection, transaction, closed.SiteIds, cancellationToken);
        if (owing.Count == 0)
        {
            return;
        }

        var startedAt = await StartedAtAsync(connection, transaction, closed.InspectionId, cancellationToken);
        foreach (var memory in owing)
        {
            var stillActive = await InspectionRepository.HasActiveInspectionAsync(connection, transaction, memory.SiteId, cancellationToken);
            var closing = new InspectionClosing(closed.State == InspectionState.Completed, startedAt, stillActive);
            if (RiskTriggeredRule.OnInspectionClosed(memory, closing, now) is not { } decision)
            {
                continue;
            }

            await SiteRiskStore.SaveAsync(connection, transaction, decision.Memory, cancellationToken);
            if (decision.Plan is { } plan)
            {
                // One closing plans at most one follow-up per site; the request_id says which, should it ever be replayed.
                await InspectionRepository.InsertAsync(connection, transaction, plan, Planner, $"after:{closed.InspectionId}:{memory.SiteId}", now,
                    cancellationToken);
            }
        }
    }

    private static async Task<DateTimeOffset?> StartedAtAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid inspectionId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT started_at FROM inspections WHERE inspection_id = $1", connection, transaction);
        command.Parameters.Add(Rows.Value(inspectionId));
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime started ? new DateTimeOffset(started, TimeSpan.Zero) : null;
    }
}
