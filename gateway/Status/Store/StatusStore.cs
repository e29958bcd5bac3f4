using System.Text.Json;
using RelicSecurity.Gateway.Status.Projection;
using StackExchange.Redis;

namespace RelicSecurity.Gateway.Status.Store;

/// <summary>
/// Applies records' state changes to the status in Redis. One record's change is one MULTI/EXEC guarded by the
/// record's stored state (WATCH-like condition): the new state, the counter differences, the due-set changes and
/// the change notification commit together or not at all, and a concurrent change of the same record (another
/// gateway instance, a redelivery) makes the loser re-read and merge again. A merge that yields the stored state
/// (a repeat, an out-of-date copy) writes nothing.
/// </summary>
public sealed class StatusStore(StatusRedis redis, StatusKeys keys)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const int MaxAttempts = 50;

    public StatusKeys Keys => keys;

    /// <summary>Merges <paramref name="reported"/> into record (kind, id); returns the provinces whose status changed.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync<TRecord>(string kind, string id, TRecord reported, Func<TRecord?, TRecord, TRecord> merge)
        where TRecord : class, IProjectedRecord
    {
        ArgumentNullException.ThrowIfNull(merge);
        var database = (await redis.GetAsync()).GetDatabase();
        var key = keys.Record(kind, id);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await database.StringGetAsync(key);
            var current = stored.IsNull ? null : JsonSerializer.Deserialize<TRecord>((string)stored!, Json);
            var merged = merge(current, reported);
            var mergedJson = JsonSerializer.Serialize(merged, Json);
            if (!stored.IsNull && string.Equals(mergedJson, stored, StringComparison.Ordinal))
            {
                return [];
            }

            var delta = ProjectionDelta.Between(current, merged, id);
            var transaction = database.CreateTransaction();
            transaction.AddCondition(stored.IsNull ? Condition.KeyNotExists(key) : Condition.StringEqual(key, stored));
            _ = transaction.StringSetAsync(key, mergedJson);
            AddDelta(transaction, delta);
            if (await transaction.ExecuteAsync())
            {
                return delta.Provinces;
            }
        }

        throw new InvalidOperationException($"Status record {kind}:{id} kept changing under {MaxAttempts} attempts to update it.");
    }

    private void AddDelta(ITransaction transaction, ProjectionDelta delta)
    {
        foreach (var counter in delta.Counters)
        {
            _ = transaction.HashIncrementAsync(keys.Counters(counter.Province), counter.Field, counter.Amount);
        }

        foreach (var due in delta.DueRemoved)
        {
            _ = transaction.SortedSetRemoveAsync(keys.HandoversDue(due.Province), due.RelicId);
        }

        foreach (var due in delta.DueAdded)
        {
            _ = transaction.SortedSetAddAsync(keys.HandoversDue(due.Province), due.RelicId, due.DueAt.ToUnixTimeMilliseconds());
        }

        var provinces = delta.Provinces;
        if (provinces.Count > 0)
        {
            _ = transaction.SetAddAsync(keys.Provinces, [.. provinces.Select(p => (RedisValue)p)]);
            _ = transaction.PublishAsync(RedisChannel.Literal(keys.Changes), string.Join(',', provinces));
        }
    }
}
