using Microsoft.Extensions.Logging;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Store;
using StackExchange.Redis;

namespace RelicSecurity.Gateway.Status.Rebuild;

/// <summary>
/// Housekeeping around a rebuild: tells watchers about the new generation's provinces, deletes the retired generation
/// once readers that resolved it just before the swap are done with it, and deletes generations of rebuilds that never
/// finished (failed, or whose gateway died).
/// </summary>
public sealed partial class StatusGenerationJanitor(StatusRedis redis, StatusKeys keys, TimeProvider time, ILogger<StatusGenerationJanitor> logger)
{
    /// <summary>A read resolves the live generation and then reads its keys: give such reads this long before deleting.</summary>
    public static readonly TimeSpan RetireAfter = TimeSpan.FromSeconds(5);

    /// <summary>Publishes every province of the generation (and the national totals) as changed, so watchers re-read them.</summary>
    public async Task AnnounceAsync(string generation)
    {
        var database = (await redis.GetAsync()).GetDatabase();
        var provinces = (await database.SetMembersAsync(keys.Generation(generation).Provinces)).Select(p => (string)p!).Append(StatusFields.National)
            .Distinct(StringComparer.Ordinal);
        await database.PublishAsync(RedisChannel.Literal(keys.Changes), string.Join(',', provinces));
    }

    /// <summary>Deletes the generation that was live before a swap, a little later (in the background).</summary>
    public void RetireLater(string generation) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(RetireAfter, time);
                await DeleteAsync(generation);
            }
            catch (RedisException e)
            {
                LogCleanupFailed(logger, generation, e);
            }
        });

    /// <summary>Releases the lease of a rebuild that did not finish (if it is still its own) and deletes what it wrote.</summary>
    public async Task AbandonAsync(string generation)
    {
        try
        {
            var database = (await redis.GetAsync()).GetDatabase();
            var transaction = database.CreateTransaction();
            transaction.AddCondition(Condition.StringEqual(keys.BuildingGeneration, generation));
            _ = transaction.KeyDeleteAsync(keys.BuildingGeneration);
            await transaction.ExecuteAsync();
            await DeleteAsync(generation);
        }
        catch (RedisException e)
        {
            LogCleanupFailed(logger, generation, e);
        }
    }

    /// <summary>Deletes rebuilt generations that are neither live nor <paramref name="building"/> (left by rebuilds that died).</summary>
    public async Task DeleteAbandonedAsync(string building)
    {
        var multiplexer = await redis.GetAsync();
        var live = (await StatusGenerations.ReadAsync(multiplexer.GetDatabase(), keys)).Live;
        var leftovers = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in KeysAsync(multiplexer, keys.Prefix + "g*:provinces"))
        {
            var name = ((string)key!)[keys.Prefix.Length..].Split(':')[0];
            if (name != live && name != building)
            {
                leftovers.Add(name);
            }
        }

        foreach (var name in leftovers)
        {
            await DeleteAsync(name);
        }
    }

    private async Task DeleteAsync(string generation)
    {
        var multiplexer = await redis.GetAsync();
        var database = multiplexer.GetDatabase();
        var deleted = 0L;
        foreach (var pattern in keys.Generation(generation).Patterns)
        {
            var batch = new List<RedisKey>(500);
            await foreach (var key in KeysAsync(multiplexer, pattern))
            {
                batch.Add(key);
                if (batch.Count == 500)
                {
                    deleted += await database.KeyDeleteAsync([.. batch]);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                deleted += await database.KeyDeleteAsync([.. batch]);
            }
        }

        LogDeleted(logger, generation, deleted);
    }

    private static async IAsyncEnumerable<RedisKey> KeysAsync(ConnectionMultiplexer multiplexer, string pattern)
    {
        foreach (var server in multiplexer.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000))
            {
                yield return key;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Status generation \"{Generation}\" deleted ({Keys} keys)")]
    private static partial void LogDeleted(ILogger logger, string generation, long keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete status generation \"{Generation}\"; its keys stay until the next rebuild")]
    private static partial void LogCleanupFailed(ILogger logger, string generation, Exception exception);
}
