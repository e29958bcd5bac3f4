using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A site's fields changed: it may have moved province (and level, with a SiteRiskChanged at the same instant).</summary>
public sealed class SiteUpdatedConsumer(StatusStore store) : ProjectionConsumer<SiteUpdated>(store)
{
    protected override Task ProjectAsync(SiteUpdated message, StatusStore store) =>
        store.ApplyAsync("site", message.SiteId,
            new SiteRecord(Registered: false,
                new SiteObservation(message.UpdatedAt, message.ProvinceCode, message.RiskLevel),
                // Just before this write the site was in PreviousProvinceCode; its level then is the RiskChanged event's to tell.
                new SiteObservation(message.UpdatedAt, message.PreviousProvinceCode, message.RiskLevel, ProvinceExact: true, LevelExact: false)),
            SiteRecord.Merge);
}
