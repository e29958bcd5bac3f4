using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RelicSecurity.Cases.Application;
using RelicSecurity.Cases.Audit;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Cases.Grpc;

/// <summary>
/// relic.cases.v1.CaseService on Grpc.AspNetCore. Handlers only translate: the work is in <see cref="CaseDesk"/>, every
/// call is audited by <see cref="AuditInterceptor"/> (or inside its write), and domain failures become statuses in
/// the suite's DomainStatusInterceptor.
/// </summary>
public sealed class CaseGrpcService(CaseDesk desk, CallAudit audit) : CaseService.CaseServiceBase
{
    [Authorize(Policy = SuitePolicies.CasesWrite)]
    public override Task<Case> OpenCase(OpenCaseRequest request, ServerCallContext context) =>
        desk.OpenAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.CasesRead)]
    public override Task<Case> GetCase(GetCaseRequest request, ServerCallContext context) =>
        desk.GetAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.CasesRead)]
    public override Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context) =>
        desk.ListAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.CasesWrite)]
    public override Task<Case> AdvanceCase(AdvanceCaseRequest request, ServerCallContext context) =>
        desk.AdvanceAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.CasesWrite)]
    public override Task<Case> JoinCase(JoinCaseRequest request, ServerCallContext context) =>
        desk.JoinAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.National)]
    [Authorize(Policy = SuitePolicies.CasesWrite)]
    public override Task<Case> SetSupervision(SetSupervisionRequest request, ServerCallContext context) =>
        desk.SetSupervisionAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.CasesWrite)]
    public override Task<Relic> RegisterRelic(RegisterRelicRequest request, ServerCallContext context) =>
        desk.RegisterRelicAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.CasesRead)]
    public override Task<Relic> GetRelic(GetRelicRequest request, ServerCallContext context) =>
        desk.GetRelicAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.CasesRead)]
    public override Task<ListRelicsResponse> ListRelics(ListRelicsRequest request, ServerCallContext context) =>
        desk.ListRelicsAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.CasesWrite)]
    public override Task<Relic> RecordCustodyEvent(RecordCustodyEventRequest request, ServerCallContext context) =>
        desk.RecordCustodyAsync(request, audit.Caller, audit, context.CancellationToken);

    [Authorize(Policy = SuitePolicies.CasesRead)]
    public override Task<MatchRelicResponse> MatchRelic(MatchRelicRequest request, ServerCallContext context) =>
        desk.MatchAsync(request, audit.Caller, audit, context.CancellationToken);
}
