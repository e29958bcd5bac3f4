using Npgsql;
using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Risk;

namespace RelicSecurity.Sites.Consumers;

/// <summary>A case naming sites was opened: it counts as open for each of them (unless a later stage was seen first).</summary>
public sealed class CaseOpenedConsumer(RiskRecalculator recalculator) : RiskInputConsumer<CaseOpened>(recalculator)
{
    protected override async Task ApplyAsync(CaseOpened message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var open = Domain.ReportedStates.CaseCountsAsOpen(message.Stage);
        foreach (var siteId in SiteIdsOf(message.SiteIds))
        {
            await RiskInputStore.RecordCaseAsync(connection, transaction, siteId, message.CaseId, message.Version, open, cancellationToken);
            await QueueAsync(connection, transaction, siteId, $"case {message.CaseNumber} opened", cancellationToken);
        }
    }
}
