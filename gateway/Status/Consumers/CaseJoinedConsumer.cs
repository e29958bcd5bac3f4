using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A province joined a case: from this version on the case, and every relic in it, counts there too.</summary>
public sealed class CaseJoinedConsumer(StatusStore store) : ProjectionConsumer<CaseJoined>(store)
{
    protected override async Task ProjectAsync(CaseJoined message, StatusStore store)
    {
        var provinces = ProvincesOf(message.LeadProvinceCode, message.ParticipatingProvinceCodes);
        await store.ApplyAsync("case", message.CaseId,
            new CaseRecord(message.Version, message.CaseType, message.Stage, provinces, message.Supervision, null),
            CaseRecord.Merge);
        foreach (var relicId in await store.NoteCaseProvincesAsync(message.CaseId, provinces))
        {
            await store.ApplyAsync("relic", relicId, RelicRecord.InCaseProvinces(provinces), RelicRecord.Merge);
        }
    }
}
