using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.Gateway.Routing;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;
using StackExchange.Redis;

namespace RelicSecurity.Gateway.Status.Rebuild;

/// <summary>
/// Recomputes the status from the services' data into a fresh generation while the projection keeps consuming events
/// (it merges each event into the rebuilt generation too), then makes that generation live in one step and retires the
/// old one. Why nothing is lost or counted twice: gateway/Status/README.md, "Rebuild".
/// </summary>
public sealed partial class StatusRebuilder(
    StatusRedis redis, StatusKeys keys, StatusStore store, StatusGenerationJanitor janitor, IReadOnlyList<ForwardedBackend> backends,
    IConfiguration configuration, TimeProvider time, ILogger<StatusRebuilder> logger)
{
    /// <summary>How long the rebuild's claim lives without being renewed (a crashed rebuild stops the double writes after it).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private const int MaxSitePasses = 3;
    private const int Parallelism = 16;

    public async Task<RebuildStatusResponse> RunAsync(string authorization, int pageSize, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var sources = new RebuildSources(backends, authorization, pageSize is > 0 and <= 500 ? pageSize : 500, time, configuration);
        var database = (await redis.GetAsync()).GetDatabase();
        var generation = "g" + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!await database.StringSetAsync(keys.BuildingGeneration, generation, Lease, When.NotExists))
        {
            throw new RebuildRunningException((string?)await database.StringGetAsync(keys.BuildingGeneration) ?? "?");
        }

        LogStarted(logger, generation);
        var swapped = false;
        using var leaseHeld = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewLeaseAsync(database, generation, leaseHeld.Token);
        try
        {
            await database.StringSetAsync(keys.ImportsDuringRebuild, 0);
            await janitor.DeleteAbandonedAsync(generation);
            var response = new RebuildStatusResponse { Generation = generation };
            StatusGenerations live;
            while (true)
            {
                if (response.SitePasses == MaxSitePasses)
                {
                    throw new RebuildOutpacedException(MaxSitePasses);
                }

                var imports = (long)await database.StringGetAsync(keys.ImportsDuringRebuild);
                response.SitePasses++;
                response.Sites = await SitePassAsync(sources, generation, leaseHeld.Token);
                LogSitePass(logger, generation, response.SitePasses, response.Sites);
                if (response.SitePasses == 1)
                {
                    // The other services after the first site pass: by the time they are read, the events of imports
                    // that committed during the site pass have most likely arrived (and asked for another pass).
                    await ReadInspectionsAsync(sources, generation, response, leaseHeld.Token);
                    await ReadCasesAsync(sources, generation, response, leaseHeld.Token);
                }

                live = await StatusGenerations.ReadAsync(database, keys);
                if (await TrySwapAsync(database, generation, imports))
                {
                    swapped = true;
                    break;
                }

                if ((string?)await database.StringGetAsync(keys.BuildingGeneration) != generation)
                {
                    throw new RebuildAbandonedException(generation);
                }
            }

            response.Took = Duration.FromTimeSpan(time.GetElapsedTime(started));
            LogSwapped(logger, generation, live.Live, response.Took.ToTimeSpan().TotalSeconds);
            await janitor.AnnounceAsync(generation);
            janitor.RetireLater(live.Live);
            return response;
        }
        finally
        {
            await leaseHeld.CancelAsync();
            await renewal;
            if (!swapped)
            {
                await janitor.AbandonAsync(generation);
            }
        }
    }

    private async Task<int> SitePassAsync(RebuildSources sources, string generation, CancellationToken cancellationToken)
    {
        var count = 0;
        await sources.ForEachSitePageAsync(async sites =>
        {
            await ApplyAllAsync(sites, s => store.ApplyToBuildingAsync(generation, "site", s.SiteId, SnapshotRecords.Of(s), SiteRecord.Merge), cancellationToken);
            count += sites.Count;
        }, cancellationToken);
        return count;
    }

    /// <summary>Orders first (which findings are closed), then inspections with their findings.</summary>
    private async Task ReadInspectionsAsync(RebuildSources sources, string generation, RebuildStatusResponse response, CancellationToken cancellationToken)
    {
        var verified = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        await sources.ForEachRectificationPageAsync(async orders =>
        {
            foreach (var order in orders.Where(o => o.State == Contracts.Inspections.V1.RectificationState.Verified))
            {
                verified.TryAdd(order.FindingId, 0);
            }

            await ApplyAllAsync(orders, o => store.ApplyToBuildingAsync(generation, "order", o.OrderId, SnapshotRecords.Of(o), OrderRecord.Merge),
                cancellationToken);
            response.Rectifications += orders.Count;
        }, cancellationToken);

        var closed = verified.Keys.ToHashSet(StringComparer.Ordinal);
        await sources.ForEachInspectionPageAsync(async inspections =>
        {
            await ApplyAllAsync(inspections, async i =>
            {
                await store.ApplyToBuildingAsync(generation, "inspection", i.InspectionId, SnapshotRecords.Of(i), InspectionRecord.Merge);
                foreach (var finding in i.FindingIds)
                {
                    await store.ApplyToBuildingAsync(generation, "hazard", finding, SnapshotRecords.Hazard(i, finding, closed), HazardRecord.Merge);
                }
            }, cancellationToken);
            response.Inspections += inspections.Count;
            response.Findings += inspections.Sum(i => i.FindingIds.Count);
        }, cancellationToken);
    }

    /// <summary>Cases first (a relic counts in its case's provinces), then relics.</summary>
    private async Task ReadCasesAsync(RebuildSources sources, string generation, RebuildStatusResponse response, CancellationToken cancellationToken)
    {
        var provinces = new ConcurrentDictionary<string, string[]>(StringComparer.Ordinal);
        await sources.ForEachCasePageAsync(async cases =>
        {
            foreach (var c in cases)
            {
                provinces[c.CaseId] = SnapshotRecords.ProvincesOf(c);
            }

            await ApplyAllAsync(cases, async c =>
            {
                await store.NoteCaseProvincesAsync(c.CaseId, provinces[c.CaseId]);
                await store.ApplyToBuildingAsync(generation, "case", c.CaseId, SnapshotRecords.Of(c), CaseRecord.Merge);
            }, cancellationToken);
            response.Cases += cases.Count;
        }, cancellationToken);

        await sources.ForEachRelicPageAsync(async relics =>
        {
            await ApplyAllAsync(relics, async r =>
            {
                if (!provinces.TryGetValue(r.CaseId, out var caseProvinces))
                {
                    // A case opened after the case pass: ask for it.
                    var @case = await RebuildSources.ReadAsync("a case", async () =>
                        await sources.Cases.GetCaseAsync(new GetCaseRequest { CaseId = r.CaseId }, sources.Options(cancellationToken)));
                    caseProvinces = provinces.GetOrAdd(r.CaseId, SnapshotRecords.ProvincesOf(@case));
                }

                // The index a later join reaches the relic through (its events may predate the index).
                await store.NoteRelicOfCaseAsync(r.CaseId, r.RelicId);
                await store.ApplyToBuildingAsync(generation, "relic", r.RelicId, SnapshotRecords.Of(r, caseProvinces), RelicRecord.Merge);
            }, cancellationToken);
            response.Relics += relics.Count;
        }, cancellationToken);
    }

    private static Task ApplyAllAsync<T>(IReadOnlyList<T> items, Func<T, Task> apply, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (item, _) => await apply(item));

    /// <summary>
    /// Makes the rebuilt generation live, provided it is still this rebuild's and no import batch arrived since the last
    /// site pass began (else that pass may have missed the batch's sites). Its site horizon is this instant.
    /// </summary>
    private async Task<bool> TrySwapAsync(IDatabase database, string generation, long importsAtPassStart)
    {
        var transaction = database.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(keys.BuildingGeneration, generation));
        transaction.AddCondition(Condition.StringEqual(keys.ImportsDuringRebuild, importsAtPassStart));
        _ = transaction.StringSetAsync(keys.LiveGeneration, StatusGenerations.LiveValueOf(generation, time.GetUtcNow()));
        _ = transaction.KeyDeleteAsync(keys.BuildingGeneration);
        _ = transaction.KeyDeleteAsync(keys.ImportsDuringRebuild);
        return await transaction.ExecuteAsync();
    }

    private async Task RenewLeaseAsync(IDatabase database, string generation, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Lease / 4, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var transaction = database.CreateTransaction();
                transaction.AddCondition(Condition.StringEqual(keys.BuildingGeneration, generation));
                _ = transaction.KeyExpireAsync(keys.BuildingGeneration, Lease);
                await transaction.ExecuteAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The rebuild ended.
        }
        catch (RedisException e)
        {
            // The lease may lapse; the rebuild notices when its writes or its swap are refused.
            LogLeaseRenewalFailed(logger, generation, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Status rebuild of generation {Generation} started")]
    private static partial void LogStarted(ILogger logger, string generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status rebuild {Generation}: site pass {Pass} listed {Sites} sites")]
    private static partial void LogSitePass(ILogger logger, string generation, int pass, int sites);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status generation {Generation} is live (replacing \"{Previous}\") after {Seconds:0.0} s")]
    private static partial void LogSwapped(ILogger logger, string generation, string previous, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status rebuild {Generation} could not renew its lease")]
    private static partial void LogLeaseRenewalFailed(ILogger logger, string generation, Exception exception);
}
