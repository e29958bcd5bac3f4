using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>An inspection was cancelled: it no longer counts as planned.</summary>
public sealed class InspectionCancelledConsumer(StatusStore store) : ProjectionConsumer<InspectionCancelled>(store)
{
    protected override Task ProjectAsync(InspectionCancelled message, StatusStore store) =>
        store.ApplyAsync("inspection", message.InspectionId, new InspectionRecord(message.Version, message.ProvinceCode, "CANCELLED"),
            InspectionRecord.Merge);
}
