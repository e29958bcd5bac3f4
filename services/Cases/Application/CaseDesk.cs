using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Cases.Audit;
using RelicSecurity.Cases.Domain;
using RelicSecurity.Cases.Grpc;
using RelicSecurity.Cases.Matching;
using RelicSecurity.Cases.Persistence;
using RelicSecurity.Cases.Validation;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Paging;
using RelicSecurity.ServiceDefaults.Security;
using V1 = RelicSecurity.Contracts.Cases.V1;

namespace RelicSecurity.Cases.Application;

/// <summary>
/// What CaseService does, independent of the wire: validates, authorizes each record against the caller's province
/// (a case is inside a province when its lead or a participating province matches; outside → NOT_FOUND), calls the
/// repositories and names every record it touches in the call's audit.
/// </summary>
public sealed class CaseDesk(
    CaseRepository cases, CaseUpdates updates, RelicRepository relics, RelicQueries relicQueries, RelicMatcher matcher,
    SiteReferences sites, TimeProvider time)
{
    public async Task<V1.Case> OpenAsync(V1.OpenCaseRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        var input = CaseRequests.OpenCase(request);
        ProvinceOutOfReachException.ThrowUnlessReached(caller, "lead_province_code", input.LeadProvinceCode);
        await sites.CheckAsync(input.SiteIds, cancellationToken);
        return ProtoMapping.ToProto(await cases.OpenAsync(input, caller.Subject, request.RequestId, audit, cancellationToken));
    }

    public async Task<V1.Case> GetAsync(V1.GetCaseRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var id = Fields.Id(request.CaseId, "case_id", errors);
        errors.ThrowIfAny();
        audit.Touch(id.ToString());
        var found = await cases.GetAsync(id, cancellationToken);
        return found is not null && caller.CanReachAny(found.Provinces)
            ? ProtoMapping.ToProto(found)
            : throw new RecordNotFoundException("case", request.CaseId);
    }

    public async Task<V1.ListCasesResponse> ListAsync(V1.ListCasesRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        Fields.Province(request.ProvinceCode, "province_code", errors, required: false);
        Fields.Enum(request.Type, "type", errors, required: false);
        Fields.Enum(request.Stage, "stage", errors, required: false);
        Fields.Enum(request.Supervision, "supervision", errors, required: false);
        if (request.SiteId.Length > 0)
        {
            Fields.Id(request.SiteId, "site_id", errors);
        }

        var pageSize = Fields.PageSize(request.PageSize, errors);
        var fingerprint = FilterFingerprint.Of(request.ProvinceCode, request.Type.ToString(), request.Stage.ToString(), request.SiteId,
            request.Supervision.ToString(), request.OpenedAfter?.ToString() ?? "", request.OpenedBefore?.ToString() ?? "");
        var after = PageToken(request.PageToken, fingerprint, errors);
        errors.ThrowIfAny();

        var query = new CaseQuery(Blank(request.ProvinceCode), caller.RestrictedToProvince,
            request.Type == V1.CaseType.Unspecified ? null : (CaseType)request.Type,
            request.Stage == V1.CaseStage.Unspecified ? null : (CaseStage)request.Stage,
            Blank(request.SiteId),
            request.Supervision == V1.Supervision.Unspecified ? null : (SupervisionLevel)request.Supervision,
            request.OpenedAfter?.ToDateTimeOffset(), request.OpenedBefore?.ToDateTimeOffset(), pageSize, after);
        var (page, total, more) = await cases.ListAsync(query, cancellationToken);
        var response = new V1.ListCasesResponse { TotalSize = total };
        response.Cases.AddRange(page.Select(ProtoMapping.ToProto));
        audit.TouchAll(page.Select(c => c.Id.ToString()));
        if (more)
        {
            response.NextPageToken = new KeysetPageToken(fingerprint, page[^1].CreatedAt, page[^1].Id).Encode();
        }

        return response;
    }

    public async Task<V1.Case> AdvanceAsync(V1.AdvanceCaseRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        var (id, to) = CaseRequests.Advance(request);
        audit.Touch(id.ToString());
        var moved = await updates.AdvanceAsync(id, to, request.Note, request.ExpectedVersion,
            request.HasSuspectsDetained ? request.SuspectsDetained : null, caller, audit, cancellationToken);
        return ProtoMapping.ToProto(moved);
    }

    public async Task<V1.Case> JoinAsync(V1.JoinCaseRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var id = Fields.Id(request.CaseId, "case_id", errors);
        Fields.Province(request.ProvinceCode, "province_code", errors, required: true);
        errors.ThrowIfAny();
        audit.Touch(id.ToString());
        return ProtoMapping.ToProto(await updates.JoinAsync(id, request.ProvinceCode, caller, audit, cancellationToken));
    }

    public async Task<V1.Case> SetSupervisionAsync(V1.SetSupervisionRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var id = Fields.Id(request.CaseId, "case_id", errors);
        Fields.Enum(request.Supervision, "supervision", errors, required: true);
        errors.ThrowIfAny();
        audit.Touch(id.ToString());
        return ProtoMapping.ToProto(await updates.SetSupervisionAsync(id, (SupervisionLevel)request.Supervision, caller, audit, cancellationToken));
    }

    public async Task<V1.Relic> RegisterRelicAsync(V1.RegisterRelicRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        var input = CaseRequests.RegisterRelic(request, out var caseId);
        audit.Touch(caseId.ToString());
        return ProtoMapping.ToProto(await relics.RegisterAsync(caseId, input, caller, request.RequestId, audit, cancellationToken));
    }

    public async Task<V1.Relic> GetRelicAsync(V1.GetRelicRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var id = Fields.Id(request.RelicId, "relic_id", errors);
        errors.ThrowIfAny();
        audit.Touch(id.ToString());
        return ProtoMapping.ToProto(await relics.GetReachableAsync(id, caller, cancellationToken));
    }

    public async Task<V1.ListRelicsResponse> ListRelicsAsync(V1.ListRelicsRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var caseId = Fields.Id(request.CaseId, "case_id", errors, required: false);
        Fields.Enum(request.Status, "status", errors, required: false);
        Fields.Province(request.ProvinceCode, "province_code", errors, required: false);
        var pageSize = Fields.PageSize(request.PageSize, errors);
        var fingerprint = FilterFingerprint.Of(request.CaseId, request.Status.ToString(), request.ProvinceCode, request.HandoverOverdue.ToString());
        var after = PageToken(request.PageToken, fingerprint, errors);
        errors.ThrowIfAny();

        var query = new RelicQuery(caseId == Guid.Empty ? null : caseId, request.Status == V1.RelicStatus.Unspecified ? null : (RelicStatus)request.Status,
            Blank(request.ProvinceCode), caller.RestrictedToProvince, request.HandoverOverdue, time.GetUtcNow(), pageSize, after);
        var (page, total, more) = await relicQueries.ListAsync(query, cancellationToken);
        var response = new V1.ListRelicsResponse { TotalSize = total };
        response.Relics.AddRange(page.Select(ProtoMapping.ToProto));
        audit.TouchAll(page.Select(r => r.Id.ToString()));
        if (more)
        {
            response.NextPageToken = new KeysetPageToken(fingerprint, page[^1].CreatedAt, page[^1].Id).Encode();
        }

        return response;
    }

    public async Task<V1.Relic> RecordCustodyAsync(V1.RecordCustodyEventRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        var (id, kind) = CaseRequests.Custody(request);
        audit.Touch(id.ToString());
        var step = new CustodyStep(kind, request.Holder.Trim(), request.At.ToDateTimeOffset(), caller.Subject, request.Note);
        return ProtoMapping.ToProto(await relics.RecordCustodyAsync(id, step, request.ExpectedVersion, caller, audit, cancellationToken));
    }

    public async Task<V1.MatchRelicResponse> MatchAsync(V1.MatchRelicRequest request, Caller caller, CallAudit audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        Fields.Text(request.Text, "text", Fields.MaxText, errors);
        if (string.IsNullOrWhiteSpace(request.Text) && string.IsNullOrWhiteSpace(request.ObjectType) && request.Materials.Count == 0
            && string.IsNullOrWhiteSpace(request.Period))
        {
            errors.Add("text", "is required unless object_type, materials or period describe the object");
        }

        if (request.Limit < 0 || request.Limit > Fields.MaxMatchLimit)
        {
            errors.Add("limit", $"must be between 0 (default {Fields.DefaultMatchLimit}) and {Fields.MaxMatchLimit}");
        }

        errors.ThrowIfAny();
        var matches = await matcher.MatchAsync(new MatchRequest(request.Text, request.ObjectType, [.. request.Materials], request.Period,
            request.Limit == 0 ? Fields.DefaultMatchLimit : request.Limit, caller.RestrictedToProvince), cancellationToken);
        var response = new V1.MatchRelicResponse();
        response.Candidates.AddRange(matches.Select(m => new V1.RelicMatch { Relic = ProtoMapping.ToProto(m.Relic), Score = m.Score }));
        audit.TouchAll(matches.Select(m => m.Relic.Id.ToString()));
        return response;
    }

    private static string? Blank(string value) => value.Length == 0 ? null : value;

    private static KeysetPageToken? PageToken(string token, uint fingerprint, FieldErrors errors)
    {
        if (token.Length == 0)
        {
            return null;
        }

        var position = KeysetPageToken.TryDecode(token, fingerprint);
        if (position is null)
        {
            errors.Add("page_token", "is not a token of this query (tokens are opaque and only valid with the same filters)");
        }

        return position;
    }
}
