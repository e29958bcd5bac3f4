using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A site registered one at a time counts where it is, at its level.</summary>
public sealed class SiteRegisteredConsumer(StatusStore store) : ProjectionConsumer<SiteRegistered>(store)
{
    protected override Task ProjectAsync(SiteRegistered message, StatusStore store)
    {
        var seen = new SiteObservation(message.RegisteredAt, message.ProvinceCode, message.RiskLevel);
        return store.ApplyAsync("site", message.SiteId, new SiteRecord(Registered: true, seen, seen), SiteRecord.Merge);
    }
}
