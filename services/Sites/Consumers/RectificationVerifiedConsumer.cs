using Npgsql;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Risk;

namespace RelicSecurity.Sites.Consumers;

/// <summary>
/// A rectification order was verified: the order is no longer overdue either way; passed, its hazard closes for good.
/// The event names the finding's site and severity, so it also stands in for a FindingRecorded that has not arrived yet.
/// </summary>
public sealed class RectificationVerifiedConsumer(RiskRecalculator recalculator) : RiskInputConsumer<RectificationVerified>(recalculator)
{
    protected override async Task ApplyAsync(RectificationVerified message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        if (SiteIdOf(message.SiteId) is not { } siteId)
        {
            return;
        }

        var severity = Domain.ReportedStates.SeverityOf(message.Severity)
            ?? throw new InvalidOperationException($"Order {message.OrderId} has an unknown severity '{message.Severity}'.");
        await RiskInputStore.RecordHazardAsync(connection, transaction, message.FindingId, siteId, severity, closed: message.Passed, cancellationToken);
        await RiskInputStore.RecordOrderAsync(connection, transaction, message.OrderId, siteId, message.Version, overdue: false, cancellationToken);
        await QueueAsync(connection, transaction, siteId, message.Passed ? "rectification verified" : "rectification failed verification",
            cancellationToken);
    }
}
