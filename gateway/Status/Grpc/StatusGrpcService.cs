using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Rebuild;
using RelicSecurity.Gateway.Status.Store;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Gateway.Status.Grpc;

/// <summary>
/// relic.status.v1.StatusService, answered from the projection in Redis. National, integration and service callers
/// see every province and the national totals; a provincial caller sees only its own province (its
/// GetNationalStatus lists that province alone, with totals equal to it, since that is all it may sum over).
/// </summary>
[Authorize(Policy = SuitePolicies.StatusRead)]
public sealed partial class StatusGrpcService(StatusReader reader, StatusChangeHub changes, StatusRebuilder rebuilder, TimeProvider time) : StatusService.StatusServiceBase
{
    public override async Task<NationalStatus> GetNationalStatus(GetNationalStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller();
        var provinces = (await reader.ProvincesAsync()).Where(caller.CanReach).ToList();
        var statuses = await reader.ReadAsync(caller.RestrictedToProvince is null ? [.. provinces, StatusFields.National] : provinces);
        var national = new NationalStatus { AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow()) };
        national.Provinces.AddRange(statuses.Where(s => s.ProvinceCode != StatusFields.National));
        national.Totals = caller.RestrictedToProvince is { } own
            ? (statuses.FirstOrDefault(s => s.ProvinceCode == own)?.Clone() ?? new ProvinceStatus { AsOf = national.AsOf })
            : statuses.Single(s => s.ProvinceCode == StatusFields.National);
        national.Totals.ProvinceCode = StatusFields.National;
        return national;
    }

    public override async Task<ProvinceStatus> GetProvinceStatus(GetProvinceStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (!ProvinceCodePattern().IsMatch(request.ProvinceCode))
        {
            throw new RequestValidationException(["province_code: must be a 6-digit GB/T 2260 code (\"000000\" for the national totals)"]);
        }

        var caller = context.Caller();
        if (!Reaches(caller, request.ProvinceCode))
        {
            throw new StatusOutOfReachException(request.ProvinceCode, caller);
        }

        return await reader.ReadAsync(request.ProvinceCode);
    }

    public override async Task WatchNationalStatus(WatchNationalStatusRequest request, IServerStreamWriter<ProvinceStatus> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller();
        var changed = changes.Watch();
        try
        {
            await foreach (var province in changed.ReadAllAsync(context.CancellationToken))
            {
                if (Reaches(caller, province))
                {
                    await responseStream.WriteAsync(await reader.ReadAsync(province), context.CancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            changes.Unwatch(changed);
        }
    }

    /// <summary>
    /// National role only (on top of status.read): it reads every service in full with the caller's own token, which
    /// only a national token may do, and it replaces what everyone sees.
    /// </summary>
    [Authorize(Policy = SuitePolicies.National)]
    public override Task<RebuildStatusResponse> RebuildStatus(RebuildStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var authorization = context.RequestHeaders.GetValue("authorization") ?? "";
        return rebuilder.RunAsync(authorization, request.PageSize, context.CancellationToken);
    }

    /// <summary>The national totals are for callers that reach every province.</summary>
    private static bool Reaches(Caller caller, string province) =>
        province == StatusFields.National ? caller.RestrictedToProvince is null && caller.CanReach(province) : caller.CanReach(province);

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex ProvinceCodePattern();
}
