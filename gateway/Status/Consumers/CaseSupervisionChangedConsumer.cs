using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A case was listed for supervision or taken off the list.</summary>
public sealed class CaseSupervisionChangedConsumer(StatusStore store) : ProjectionConsumer<CaseSupervisionChanged>(store)
{
    protected override Task ProjectAsync(CaseSupervisionChanged message, StatusStore store) =>
        store.ApplyAsync("case", message.CaseId,
            new CaseRecord(message.Version, message.CaseType, message.Stage, ProvincesOf(message.LeadProvinceCode, message.ParticipatingProvinceCodes),
                message.ToSupervision, null),
            CaseRecord.Merge);
}
