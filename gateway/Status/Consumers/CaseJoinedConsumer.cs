using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A province joined a case: from this version on the case counts there too.</summary>
public sealed class CaseJoinedConsumer(StatusStore store) : ProjectionConsumer<CaseJoined>(store)
{
    protected override Task ProjectAsync(CaseJoined message, StatusStore store) =>
        store.ApplyAsync("case", message.CaseId,
            new CaseRecord(message.Version, message.CaseType, message.Stage, ProvincesOf(message.LeadProvinceCode, message.ParticipatingProvinceCodes),
                message.Supervision, null),
            CaseRecord.Merge);
}
