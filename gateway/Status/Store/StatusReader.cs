using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.Gateway.Status.Projection;
using StackExchange.Redis;

namespace RelicSecurity.Gateway.Status.Store;

/// <summary>Reads ProvinceStatus messages from the projection's counters; the time-dependent columns are computed at read time.</summary>
public sealed class StatusReader(StatusRedis redis, StatusKeys keys, TimeProvider time)
{
    /// <summary>Provinces that have a status (the national totals excluded), in code order.</summary>
    public async Task<IReadOnlyList<string>> ProvincesAsync()
    {
        var database = (await redis.GetAsync()).GetDatabase();
        var live = await LiveKeysAsync(database);
        var members = await database.SetMembersAsync(live.Provinces);
        return [.. members.Select(m => (string)m!).Where(p => p != StatusFields.National).Order(StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ProvinceStatus>> ReadAsync(IReadOnlyList<string> provinces)
    {
        ArgumentNullException.ThrowIfNull(provinces);
        var database = (await redis.GetAsync()).GetDatabase();
        var live = await LiveKeysAsync(database);
        var now = time.GetUtcNow();
        var batch = database.CreateBatch();
        var reads = provinces.Select(p => (
            Province: p,
            Counters: batch.HashGetAllAsync(live.Counters(p)),
            Overdue: batch.SortedSetLengthAsync(live.HandoversDue(p), double.NegativeInfinity, now.ToUnixTimeMilliseconds(), Exclude.Stop))).ToList();
        batch.Execute();
        var statuses = new List<ProvinceStatus>(reads.Count);
        foreach (var read in reads)
        {
            statuses.Add(ToStatus(read.Province, await read.Counters, await read.Overdue, now));
        }

        return statuses;
    }

    public async Task<ProvinceStatus> ReadAsync(string province) => (await ReadAsync([province]))[0];

    private async Task<GenerationKeys> LiveKeysAsync(IDatabaseAsync database) =>
        keys.Generation((await StatusGenerations.ReadAsync(database, keys)).Live);

    internal static ProvinceStatus ToStatus(string province, HashEntry[] counters, long handoversOverdue, DateTimeOffset now)
    {
        var status = new ProvinceStatus
        {
            ProvinceCode = province,
            RelicsHandoverOverdue = (int)handoversOverdue,
            AsOf = Timestamp.FromDateTimeOffset(now),
        };
        var closedThisYear = StatusFields.CasesClosedIn(now.UtcDateTime.Year);
        foreach (var entry in counters)
        {
            var field = (string)entry.Name!;
            var value = (int)(long)entry.Value;
            switch (field)
            {
                case StatusFields.OpenCases: status.OpenCases = value; break;
                case StatusFields.SupervisedCases: status.SupervisedCases = value; break;
                case StatusFields.RelicsRecovered: status.RelicsRecovered = value; break;
                case StatusFields.InspectionsPlanned: status.InspectionsPlanned = value; break;
                case StatusFields.InspectionsCompleted: status.InspectionsCompleted = value; break;
                case StatusFields.OpenHazards: status.OpenHazards = value; break;
                case StatusFields.OverdueRectifications: status.OverdueRectifications = value; break;
                case StatusFields.SitesTotal: status.SitesTotal = value; break;
                default:
                    if (field == closedThisYear)
                    {
                        status.CasesClosedThisYear = value;
                    }
                    else if (value != 0 && field.StartsWith(StatusFields.OpenCasesByTypePrefix, StringComparison.Ordinal))
                    {
                        status.OpenCasesByType[field[StatusFields.OpenCasesByTypePrefix.Length..]] = value;
                    }
                    else if (value != 0 && field.StartsWith(StatusFields.SitesByRiskPrefix, StringComparison.Ordinal))
                    {
                        status.SitesByRisk[field[StatusFields.SitesByRiskPrefix.Length..]] = value;
                    }

                    break;
            }
        }

        return status;
    }
}
