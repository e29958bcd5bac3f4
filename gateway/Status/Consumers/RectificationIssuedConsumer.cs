using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A rectification order was issued (OPEN: not overdue).</summary>
public sealed class RectificationIssuedConsumer(StatusStore store) : ProjectionConsumer<RectificationIssued>(store)
{
    protected override Task ProjectAsync(RectificationIssued message, StatusStore store) =>
        store.ApplyAsync("order", message.OrderId, new OrderRecord(message.Version, message.ProvinceCode, Overdue: false), OrderRecord.Merge);
}
