using Npgsql;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Risk;

namespace RelicSecurity.Sites.Consumers;

/// <summary>An inspection of sites was completed: each site's last_inspected_at becomes the latest completion seen.</summary>
public sealed class InspectionCompletedConsumer(RiskRecalculator recalculator) : RiskInputConsumer<InspectionCompleted>(recalculator)
{
    protected override async Task ApplyAsync(InspectionCompleted message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        foreach (var siteId in SiteIdsOf(message.SiteIds))
        {
            await RiskInputStore.RecordInspectionAsync(connection, transaction, siteId, message.InspectionId, message.CompletedAt.UtcDateTime,
                cancellationToken);
            await QueueAsync(connection, transaction, siteId, "inspection completed", cancellationToken);
        }
    }
}
