using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Inspections.Application;
using InspectionMove = RelicSecurity.Inspections.Domain.InspectionMove;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Inspections.Grpc;

/// <summary>
/// relic.inspections.v1.InspectionService on Grpc.AspNetCore. Every method requires its scope's policy; the
/// province reach of each record is applied in the desks. Handlers only translate: domain failures become
/// statuses in the suite's DomainStatusInterceptor.
/// </summary>
public sealed class InspectionGrpcService(InspectionDesk inspections, RectificationDesk rectifications) : InspectionService.InspectionServiceBase
{
    [Authorize(Policy = SuitePolicies.InspectionsWrite)]
    public override async Task<Inspection> PlanInspection(PlanInspectionRequest request, ServerCallContext context) =>
        (await inspections.PlanAsync(request, context.Caller(), context.CancellationToken)).ToProto();

    [Authorize(Policy = SuitePolicies.InspectionsRead)]
    public override async Task<Inspection> GetInspection(GetInspectionRequest request, ServerCallContext context) =>
        (await inspections.GetAsync(request, context.Caller(), context.CancellationToken)).ToProto();

    [Authorize(Policy = SuitePolicies.InspectionsRead)]
    public override async Task<ListInspectionsResponse> ListInspections(ListInspectionsRequest request, ServerCallContext context)
    {
        var (items, next, total) = await inspections.ListAsync(request, context.Caller(), context.CancellationToken);
        var response = new ListInspectionsResponse { NextPageToken = next, TotalSize = total };
        response.Inspections.AddRange(items.Select(i => i.ToProto()));
        return response;
    }

    [Authorize(Policy = SuitePolicies.InspectionsWrite)]
    public override async Task<Inspection> StartInspection(StartInspectionRequest request, ServerCallContext context) =>
        (await inspections.MoveAsync(request.InspectionId, request.ExpectedVersion, InspectionMove.Start, context.Caller(), context.CancellationToken)).ToProto();

    [Authorize(Policy = SuitePolicies.InspectionsWrite)]
    public override async Task<Finding> RecordFinding(RecordFindingRequest request, ServerCallContext context) =>
        (await inspections.RecordFindingAsync(request, context.Caller(), context.CancellationToken)).ToProto();

    [Authorize(Policy = SuitePolicies.InspectionsWrite)]
    public override async Task<Inspection> CompleteInspection(CompleteInspectionRequest request, ServerCallContext context) =>
        (await inspections.MoveAsync(request.InspectionId, request.ExpectedVersion, InspectionMove.Complete, context.Caller(), context.CancellationToken)).ToProto();

    [Authorize(Policy = SuitePolicies.InspectionsWrite)]
    public override async Task<Inspection> CancelInspection(CancelInspectionRequest request, ServerCallContext context) =>
        (await inspections.MoveAsync(request.InspectionId, request.ExpectedVersion, InspectionMove.Cancel, context.Caller(), context.CancellationToken)).ToProto();

    [Authorize(Policy = SuitePolicies.InspectionsWrite)]
    public override async Task<RectificationOrder> IssueRectification(IssueRectificationRequest request, ServerCallContext context) =>
        (await rectifications.IssueAsync(request, context.Caller(), context.CancellationToken)).ToProto();

    [Authorize(Policy = SuitePolicies.InspectionsWrite)]
    public override async Task<RectificationOrder> VerifyRectification(VerifyRectificationRequest request, ServerCallContext context) =>
        (await rectifications.VerifyAsync(request, context.Caller(), context.CancellationToken)).ToProto();

    [Authorize(Policy = SuitePolicies.InspectionsRead)]
    public override async Task<ListRectificationsResponse> ListRectifications(ListRectificationsRequest request, ServerCallContext context)
    {
        var (items, next, total) = await rectifications.ListAsync(request, context.Caller(), context.CancellationToken);
        var response = new ListRectificationsResponse { NextPageToken = next, TotalSize = total };
        response.Rectifications.AddRange(items.Select(o => o.ToProto()));
        return response;
    }
}
