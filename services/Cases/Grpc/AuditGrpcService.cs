using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RelicSecurity.Cases.Audit;
using RelicSecurity.Cases.Validation;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Cases.Grpc;

/// <summary>relic.cases.v1.AuditService: the audit trail, oldest first, for the national working group only.</summary>
public sealed class AuditGrpcService(AuditLog log) : AuditService.AuditServiceBase
{
    [Authorize(Policy = SuitePolicies.National)]
    [Authorize(Policy = SuitePolicies.AuditRead)]
    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var errors = new FieldErrors();
        var pageSize = Fields.PageSize(request.PageSize, errors);
        long afterId = 0;
        if (request.PageToken.Length > 0 && !long.TryParse(request.PageToken, System.Globalization.CultureInfo.InvariantCulture, out afterId))
        {
            errors.Add("page_token", "is not a token of this listing");
        }

        errors.ThrowIfAny();
        var (entries, lastId) = await log.ListAsync(
            new AuditQuery(request.RecordId, request.Actor, request.Since?.ToDateTimeOffset(), pageSize, afterId), context.CancellationToken);
        var response = new ListAuditEntriesResponse
        {
            NextPageToken = lastId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
        response.Entries.AddRange(entries.Select(e =>
        {
            var entry = new RelicSecurity.Contracts.Cases.V1.AuditEntry
            {
                At = Timestamp.FromDateTimeOffset(e.At),
                Actor = e.Actor,
                Role = e.Role,
                ProvinceCode = e.ProvinceCode,
                Method = e.Method,
                Outcome = e.Outcome,
            };
            entry.RecordIds.AddRange(e.RecordIds);
            return entry;
        }));
        return response;
    }
}
