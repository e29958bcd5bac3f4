using Grpc.Core;
using Grpc.Core.Interceptors;
using Npgsql;
using RelicSecurity.Cases.Domain;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Grpc;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Cases.Audit;

/// <summary>
/// Leaves the audit entry of every CaseService call that its write did not already commit: reads, refusals
/// (NOT_FOUND for another province's record, FAILED_PRECONDITION, ...) and failures, with the status name as the
/// outcome. A read is answered only after its entry is stored, so nothing is returned unaudited.
/// </summary>
public sealed class AuditInterceptor(CallAudit audit, AuditLog log, TimeProvider time) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        audit.Begin(Caller.From(context.GetHttpContext().User), context.Method);
        TResponse response;
        try
        {
            response = await continuation(request, context);
        }
        catch (Exception ex)
        {
            if (!audit.Written)
            {
                // The refusal is recorded even if the caller has gone: the entry must not depend on the caller waiting.
                await log.AppendAsync(audit.Entry(OutcomeOf(ex), time.GetUtcNow()), CancellationToken.None);
            }

            throw;
        }

        if (!audit.Written)
        {
            await log.AppendAsync(audit.Entry(StatusName(StatusCode.OK), time.GetUtcNow()), CancellationToken.None);
        }

        return response;
    }

    /// <summary>The status the caller will see, by its canonical name ("NOT_FOUND", "FAILED_PRECONDITION").</summary>
    public static string OutcomeOf(Exception exception) => StatusName(exception switch
    {
        DomainException domain => DomainStatusInterceptor.ToStatusCode(domain.Kind),
        RpcException rpc => rpc.StatusCode,
        NpgsqlException { IsTransient: true } => StatusCode.Unavailable,
        OperationCanceledException => StatusCode.Cancelled,
        _ => StatusCode.Unknown,
    });

    public static string StatusName(StatusCode code) => code == StatusCode.OK ? "OK" : EnumNames.Of(code);
}
