using Npgsql;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Risk;

namespace RelicSecurity.Sites.Consumers;

/// <summary>An inspection recorded a hazard at a site: open until a rectification of it is verified as passed.</summary>
public sealed class FindingRecordedConsumer(RiskRecalculator recalculator) : RiskInputConsumer<FindingRecorded>(recalculator)
{
    protected override async Task ApplyAsync(FindingRecorded message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        if (SiteIdOf(message.SiteId) is not { } siteId)
        {
            return;
        }

        var severity = Domain.ReportedStates.SeverityOf(message.Severity)
            ?? throw new InvalidOperationException($"Finding {message.FindingId} has an unknown severity '{message.Severity}'.");
        await RiskInputStore.RecordHazardAsync(connection, transaction, message.FindingId, siteId, severity, closed: false, cancellationToken);
        await QueueAsync(connection, transaction, siteId, $"{message.Severity} hazard recorded", cancellationToken);
    }
}
