using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>An inspection was completed.</summary>
public sealed class InspectionCompletedConsumer(StatusStore store) : ProjectionConsumer<InspectionCompleted>(store)
{
    protected override Task ProjectAsync(InspectionCompleted message, StatusStore store) =>
        store.ApplyAsync("inspection", message.InspectionId, new InspectionRecord(message.Version, message.ProvinceCode, "COMPLETED"),
            InspectionRecord.Merge);
}
