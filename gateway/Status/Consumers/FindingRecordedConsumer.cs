using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;

namespace RelicSecurity.Gateway.Status.Consumers;

/// <summary>A hidden hazard was recorded: open until verified.</summary>
public sealed class FindingRecordedConsumer(StatusStore store) : ProjectionConsumer<FindingRecorded>(store)
{
    protected override Task ProjectAsync(FindingRecorded message, StatusStore store) =>
        store.ApplyAsync("hazard", message.FindingId, new HazardRecord(message.ProvinceCode, Closed: false), HazardRecord.Merge);
}
