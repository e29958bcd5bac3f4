using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.Inspections.Persistence;
using RelicSecurity.Inspections.Validation;
using RelicSecurity.ServiceDefaults.Security;
using RectificationOrder = RelicSecurity.Inspections.Domain.RectificationOrder;

namespace RelicSecurity.Inspections.Application;

/// <summary>What InspectionService does with rectification orders: issue, verify, list, within the caller's reach.</summary>
public sealed class RectificationDesk(RectificationRepository orders, TimeProvider time)
{
    public Task<RectificationOrder> IssueAsync(IssueRectificationRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var now = time.GetUtcNow();
        var order = InspectionRequests.Rectification(request, now);
        return orders.IssueAsync(order, caller.Subject, request.RequestId.Length == 0 ? null : request.RequestId, ProvinceReach.Of(caller), now,
            cancellationToken);
    }

    public Task<RectificationOrder> VerifyAsync(VerifyRectificationRequest request, Caller caller, CancellationToken cancellationToken) =>
        orders.VerifyAsync(InspectionRequests.Verification(request), ProvinceReach.Of(caller), time.GetUtcNow(), cancellationToken);

    public Task<(IReadOnlyList<RectificationOrder> Orders, string NextPageToken, int TotalSize)> ListAsync(ListRectificationsRequest request,
        Caller caller, CancellationToken cancellationToken) =>
        orders.ListAsync(InspectionRequests.Filter(request), ProvinceReach.Of(caller), cancellationToken);
}
