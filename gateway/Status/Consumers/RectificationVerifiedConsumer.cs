using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>An order was verified: no longer overdue; passed, its hazard closes for good.</summary>
public sealed class RectificationVerifiedConsumer(StatusStore store) : ProjectionConsumer<RectificationVerified>(store)
{
    protected override async Task ProjectAsync(RectificationVerified message, StatusStore store)
    {
        await store.ApplyAsync("order", message.OrderId, new OrderRecord(message.Version, message.ProvinceCode, Overdue: false), OrderRecord.Merge);
        await store.ApplyAsync("hazard", message.FindingId, new HazardRecord(message.ProvinceCode, Closed: message.Passed), HazardRecord.Merge);
    }
}
