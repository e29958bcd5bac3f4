using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A relic's custody moved: recovered once seized or returned, no longer overdue once handed over.</summary>
public sealed class RelicCustodyChangedConsumer(StatusStore store) : ProjectionConsumer<RelicCustodyChanged>(store)
{
    protected override async Task ProjectAsync(RelicCustodyChanged message, StatusStore store)
    {
        var joined = await store.NoteRelicOfCaseAsync(message.CaseId, message.RelicId);
        await store.ApplyAsync("relic", message.RelicId,
            new RelicRecord(message.Version, [.. ProvincesOf(message.LeadProvinceCode, message.ParticipatingProvinceCodes), .. joined], message.ToStatus,
                // FromStatus too: a later move away from SEIZED may arrive before the seizure itself.
                RelicRecord.IsRecoveredStatus(message.FromStatus) || RelicRecord.IsRecoveredStatus(message.ToStatus),
                message.HandoverDueAt, message.ToStatus == "HANDED_OVER"),
            RelicRecord.Merge);
    }
}
