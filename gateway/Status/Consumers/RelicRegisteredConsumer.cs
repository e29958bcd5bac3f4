using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A relic was registered in a case (already recovered if registered as seized or returned).</summary>
public sealed class RelicRegisteredConsumer(StatusStore store) : ProjectionConsumer<RelicRegistered>(store)
{
    protected override async Task ProjectAsync(RelicRegistered message, StatusStore store)
    {
        // The case may have been joined since (or its join applied first): the relic counts there too.
        var joined = await store.NoteRelicOfCaseAsync(message.CaseId, message.RelicId);
        await store.ApplyAsync("relic", message.RelicId,
            new RelicRecord(message.Version, [.. ProvincesOf(message.LeadProvinceCode, message.ParticipatingProvinceCodes), .. joined], message.Status,
                RelicRecord.IsRecoveredStatus(message.Status), message.HandoverDueAt, message.Status == "HANDED_OVER"),
            RelicRecord.Merge);
    }
}
