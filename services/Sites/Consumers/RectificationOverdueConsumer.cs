using Npgsql;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Risk;

namespace RelicSecurity.Sites.Consumers;

/// <summary>A rectification order passed its deadline unverified: it counts as overdue until a later version says otherwise.</summary>
public sealed class RectificationOverdueConsumer(RiskRecalculator recalculator) : RiskInputConsumer<RectificationOverdue>(recalculator)
{
    protected override async Task ApplyAsync(RectificationOverdue message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        if (SiteIdOf(message.SiteId) is not { } siteId)
        {
            return;
        }

        var severity = Domain.ReportedStates.SeverityOf(message.Severity)
            ?? throw new InvalidOperationException($"Order {message.OrderId} has an unknown severity '{message.Severity}'.");
        await RiskInputStore.RecordHazardAsync(connection, transaction, message.FindingId, siteId, severity, closed: false, cancellationToken);
        await RiskInputStore.RecordOrderAsync(connection, transaction, message.OrderId, siteId, message.Version, overdue: true, cancellationToken);
        await QueueAsync(connection, transaction, siteId, "rectification overdue", cancellationToken);
    }
}
