using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>An inspection was planned.</summary>
public sealed class InspectionPlannedConsumer(StatusStore store) : ProjectionConsumer<InspectionPlanned>(store)
{
    protected override Task ProjectAsync(InspectionPlanned message, StatusStore store) =>
        store.ApplyAsync("inspection", message.InspectionId, new InspectionRecord(message.Version, message.ProvinceCode, "PLANNED"),
            InspectionRecord.Merge);
}
