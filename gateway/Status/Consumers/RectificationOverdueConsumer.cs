using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>An order passed its deadline unverified; its hazard is (still) open.</summary>
public sealed class RectificationOverdueConsumer(StatusStore store) : ProjectionConsumer<RectificationOverdue>(store)
{
    protected override async Task ProjectAsync(RectificationOverdue message, StatusStore store)
    {
        await store.ApplyAsync("order", message.OrderId, new OrderRecord(message.Version, message.ProvinceCode, Overdue: true), OrderRecord.Merge);
        await store.ApplyAsync("hazard", message.FindingId, new HazardRecord(message.ProvinceCode, Closed: false), HazardRecord.Merge);
    }
}
