using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A case moved stage: CLOSED or DROPPED ends its count as open; CLOSED counts in the year it closed.</summary>
public sealed class CaseStageChangedConsumer(StatusStore store) : ProjectionConsumer<CaseStageChanged>(store)
{
    protected override async Task ProjectAsync(CaseStageChanged message, StatusStore store)
    {
        var closedYear = message.ToStage == "CLOSED" ? message.ChangedAt.UtcDateTime.Year : (int?)null;
        await store.ApplyAsync("case", message.CaseId,
            new CaseRecord(message.Version, message.CaseType, message.ToStage,
                ProvincesOf(message.LeadProvinceCode, message.ParticipatingProvinceCodes), message.Supervision, closedYear),
            CaseRecord.Merge);
        if (message.HandoverDueAt is { } due)
        {
            // JUDGMENT_EFFECTIVE: the case's relics must be handed over by then.
            foreach (var relicId in message.RelicIds)
            {
                await store.ApplyAsync("relic", relicId, RelicRecord.DueFromJudgment(due), RelicRecord.Merge);
            }
        }
    }
}
