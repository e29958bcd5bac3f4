using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A new case counts as open in its provinces.</summary>
public sealed class CaseOpenedConsumer(StatusStore store) : ProjectionConsumer<CaseOpened>(store)
{
    protected override Task ProjectAsync(CaseOpened message, StatusStore store) =>
        store.ApplyAsync("case", message.CaseId,
            new CaseRecord(message.Version, message.CaseType, message.Stage, ProvincesOf(message.LeadProvinceCode, message.ParticipatingProvinceCodes),
                message.Supervision, null),
            CaseRecord.Merge);
}
