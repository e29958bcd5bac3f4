using Npgsql;
using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Risk;

namespace RelicSecurity.Sites.Consumers;

/// <summary>A case moved stage: once CLOSED or DROPPED it no longer counts as open for its sites.</summary>
public sealed class CaseStageChangedConsumer(RiskRecalculator recalculator) : RiskInputConsumer<CaseStageChanged>(recalculator)
{
    protected override async Task ApplyAsync(CaseStageChanged message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var open = Domain.ReportedStates.CaseCountsAsOpen(message.ToStage);
        foreach (var siteId in SiteIdsOf(message.SiteIds))
        {
            await RiskInputStore.RecordCaseAsync(connection, transaction, siteId, message.CaseId, message.Version, open, cancellationToken);
            await QueueAsync(connection, transaction, siteId, $"case {message.CaseNumber} {message.ToStage}", cancellationToken);
        }
    }
}
