using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Cases.Audit;

/// <summary>
/// Audits CaseService and AuditService calls that authorization refuses (a valid token without the method's scope or
/// role → PERMISSION_DENIED). The authorization middleware answers those before the gRPC pipeline, so
/// <see cref="AuditInterceptor"/> never sees them; this is the one place that does, and it writes exactly one entry
/// per refused call before letting the standard handler answer. Calls without a valid token (UNAUTHENTICATED) name
/// no one and are not audited: anyone could fill the trail with them.
/// </summary>
public sealed class RefusalAuditHandler(AuditLog log, TimeProvider time) : IAuthorizationMiddlewareResultHandler
{
    private static readonly Dictionary<string, Google.Protobuf.Reflection.ServiceDescriptor> AuditedServices = new(StringComparer.Ordinal)
    {
        [CaseService.Descriptor.FullName] = CaseService.Descriptor,
        [AuditService.Descriptor.FullName] = AuditService.Descriptor,
    };

    private readonly AuthorizationMiddlewareResultHandler _standard = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && AuditedMethod(context.Request.Path) is { } method)
        {
            var caller = Caller.From(context.User);
            var recordIds = await RefusedRequest.RecordIdsAsync(context, method);
            // Recorded even if the caller has gone: the entry must not depend on the caller waiting.
            await log.AppendAsync(new AuditEntry(time.GetUtcNow(), caller.Subject, caller.Role, caller.Province ?? "",
                context.Request.Path.Value!, recordIds, AuditInterceptor.StatusName(StatusCode.PermissionDenied)), CancellationToken.None);
        }

        await _standard.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>The method of a "/package.Service/Method" path if it belongs to an audited service.</summary>
    private static MethodDescriptor? AuditedMethod(PathString path)
    {
        var segments = (path.Value ?? "").Split('/');
        return segments is ["", var service, var name] && AuditedServices.TryGetValue(service, out var descriptor)
            ? descriptor.FindMethodByName(name)
            : null;
    }
}
