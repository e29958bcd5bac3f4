using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A relic was registered in a case (already recovered if registered as seized or returned).</summary>
public sealed class RelicRegisteredConsumer(StatusStore store) : ProjectionConsumer<RelicRegistered>(store)
{
    protected override Task ProjectAsync(RelicRegistered message, StatusStore store) =>
        store.ApplyAsync("relic", message.RelicId,
            new RelicRecord(message.Version, ProvincesOf(message.LeadProvinceCode, message.ParticipatingProvinceCodes), message.Status,
                RelicRecord.IsRecoveredStatus(message.Status), message.HandoverDueAt, message.Status == "HANDED_OVER"),
            RelicRecord.Merge);
}
