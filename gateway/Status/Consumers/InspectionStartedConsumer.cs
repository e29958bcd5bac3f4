using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>An inspection started (still counted as planned until completed).</summary>
public sealed class InspectionStartedConsumer(StatusStore store) : ProjectionConsumer<InspectionStarted>(store)
{
    protected override Task ProjectAsync(InspectionStarted message, StatusStore store) =>
        store.ApplyAsync("inspection", message.InspectionId, new InspectionRecord(message.Version, message.ProvinceCode, "IN_PROGRESS"),
            InspectionRecord.Merge);
}
