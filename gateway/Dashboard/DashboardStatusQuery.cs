using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Gateway.Dashboard;

/// <summary>
/// What the page may show a caller, with the reach rules of StatusService's GetNationalStatus and WatchNationalStatus:
/// every province and the national totals for callers that reach every province; a provincial caller its own province,
/// with totals equal to it.
/// </summary>
internal sealed class DashboardStatusQuery(StatusReader reader, TimeProvider time)
{
    public async Task<NationalStatus> NationalAsync(Caller caller)
    {
        var asOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow());
        var provinces = (await reader.ProvincesAsync()).Where(caller.CanReach).ToList();
        var statuses = await reader.ReadAsync(caller.RestrictedToProvince is null ? [.. provinces, StatusFields.National] : provinces);
        var national = new NationalStatus { AsOf = asOf };
        national.Provinces.AddRange(statuses.Where(s => s.ProvinceCode != StatusFields.National));
        national.Totals = caller.RestrictedToProvince is { } own
            ? (statuses.FirstOrDefault(s => s.ProvinceCode == own)?.Clone() ?? new ProvinceStatus { AsOf = asOf })
            : statuses.Single(s => s.ProvinceCode == StatusFields.National);
        national.Totals.ProvinceCode = StatusFields.National;
        return national;
    }

    /// <summary>
    /// The statuses to push to a caller when <paramref name="province"/> changed: none when it is outside the caller's
    /// reach; for a provincial caller its province and totals equal to it (the page's totals stay in step).
    /// </summary>
    public async Task<IReadOnlyList<ProvinceStatus>> ChangedAsync(Caller caller, string province)
    {
        if (province == StatusFields.National)
        {
            return caller.RestrictedToProvince is null && caller.CanReach(province) ? [await reader.ReadAsync(province)] : [];
        }

        if (!caller.CanReach(province))
        {
            return [];
        }

        var status = await reader.ReadAsync(province);
        if (caller.RestrictedToProvince is null)
        {
            return [status];
        }

        var totals = status.Clone();
        totals.ProvinceCode = StatusFields.National;
        return [status, totals];
    }
}
