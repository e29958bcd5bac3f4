using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.Inspections.Persistence;
using RelicSecurity.Inspections.Sites;
using RelicSecurity.Inspections.Validation;
using RelicSecurity.ServiceDefaults.Security;
using Inspection = RelicSecurity.Inspections.Domain.Inspection;
using Finding = RelicSecurity.Inspections.Domain.Finding;

namespace RelicSecurity.Inspections.Application;

/// <summary>
/// What InspectionService does with inspections and findings, independent of the wire: validates, applies the
/// caller's province reach, checks sites against Sites, and lets the repository decide under row locks.
/// </summary>
public sealed class InspectionDesk(InspectionRepository inspections, SiteDirectory sites, TimeProvider time)
{
    public async Task<Inspection> PlanAsync(PlanInspectionRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var plan = InspectionRequests.Plan(request);
        ProvinceOutOfReachException.ThrowUnlessReached(caller, "province_code", plan.ProvinceCode);

        var requestId = request.RequestId.Length == 0 ? null : request.RequestId;
        if (requestId is not null && await inspections.FindPlannedAsync(caller.Subject, requestId, cancellationToken) is { } first)
        {
            // A repeat answers with the first result without asking Sites again: that plan was checked when made.
            return first;
        }

        await sites.EnsureInProvinceAsync(plan.SiteIds, plan.ProvinceCode, cancellationToken);
        return await inspections.PlanAsync(plan, caller.Subject, requestId, time.GetUtcNow(), cancellationToken);
    }

    public Task<Inspection> GetAsync(GetInspectionRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return inspections.GetAsync(InspectionRequests.RecordId(request.InspectionId, "inspection_id", "inspection"), ProvinceReach.Of(caller),
            cancellationToken);
    }

    public Task<(IReadOnlyList<Inspection> Inspections, string NextPageToken, int TotalSize)> ListAsync(ListInspectionsRequest request, Caller caller,
        CancellationToken cancellationToken) =>
        inspections.ListAsync(InspectionRequests.Filter(request), ProvinceReach.Of(caller), cancellationToken);

    public Task<Inspection> MoveAsync(string inspectionId, long expectedVersion, InspectionMove move, Caller caller, CancellationToken cancellationToken)
    {
        var id = InspectionRequests.RecordId(inspectionId, "inspection_id", "inspection", expectedVersion);
        return inspections.MoveAsync(id, move, expectedVersion, ProvinceReach.Of(caller), time.GetUtcNow(), cancellationToken);
    }

    /// <summary>recorded_by is the token's subject: who recorded a hazard is never taken from the request.</summary>
    public Task<Finding> RecordFindingAsync(RecordFindingRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var finding = InspectionRequests.Finding(request);
        return inspections.RecordFindingAsync(finding, caller.Subject, request.RequestId.Length == 0 ? null : request.RequestId,
            ProvinceReach.Of(caller), time.GetUtcNow(), cancellationToken);
    }
}
