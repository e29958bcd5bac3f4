using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A site's risk level (or score) changed.</summary>
public sealed class SiteRiskChangedConsumer(StatusStore store) : ProjectionConsumer<SiteRiskChanged>(store)
{
    protected override Task ProjectAsync(SiteRiskChanged message, StatusStore store) =>
        store.ApplyAsync("site", message.SiteId,
            new SiteRecord(Registered: false,
                new SiteObservation(message.ChangedAt, message.ProvinceCode, message.NewLevel),
                new SiteObservation(message.ChangedAt, message.ProvinceCode, message.OldLevel, ProvinceExact: false, LevelExact: true)),
            SiteRecord.Merge);
}
