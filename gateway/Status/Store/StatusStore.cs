using System.Text.Json;
using RelicSecurity.Gateway.Status.Projection;
using StackExchange.Redis;

namespace RelicSecurity.Gateway.Status.Store;

/// <summary>
/// Applies records' state changes to the status in Redis. One record's change is one MULTI/EXEC guarded by the
/// record's stored state (WATCH-like condition) and by the generation it writes to: the new state, the counter
/// differences, the due-set changes and the change notification commit together or not at all. A concurrent change of
/// the same record (another gateway instance, a redelivery) makes the loser re-read and merge again; a swap of the live
/// generation (a finished rebuild) makes it start over in the new one. A merge that yields the stored state (a repeat,
/// an out-of-date copy) writes nothing. While a rebuild runs, every event is merged into its generation too.
/// </summary>
public sealed class StatusStore(StatusRedis redis, StatusKeys keys)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const int MaxAttempts = 50;

    public StatusKeys Keys => keys;

    /// <summary>
    /// Merges <paramref name="reported"/> into record (kind, id) of the live generation (and of the generation being
    /// rebuilt, if any); returns the provinces whose live status changed.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyAsync<TRecord>(string kind, string id, TRecord reported, Func<TRecord?, TRecord, TRecord> merge)
        where TRecord : class, IProjectedRecord
    {
        ArgumentNullException.ThrowIfNull(merge);
        var database = (await redis.GetAsync()).GetDatabase();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var generations = await StatusGenerations.ReadAsync(database, keys);
            var live = generations.LiveTarget(keys);
            var changed = await TryApplyAsync(database, live, kind, id, live.Prepare(reported), merge);
            if (changed is null)
            {
                continue;
            }

            if (generations.Building is { } building)
            {
                var target = StatusGenerations.BuildingTarget(keys, building);
                if (kind == ImportBatchRecord.Kind)
                {
                    // A rebuilt generation counts every site from the Sites service itself, never from batches: the
                    // rebuild learns that an import ran (and repeats its site pass) instead of adding the batch.
                    _ = await database.StringIncrementAsync(keys.ImportsDuringRebuild);
                }
                else if (await TryApplyAsync(database, target, kind, id, target.Prepare(reported), merge) is null)
                {
                    continue;
                }
            }

            return changed;
        }

        throw new InvalidOperationException($"Status record {kind}:{id} kept changing under {MaxAttempts} attempts to update it.");
    }

    /// <summary>
    /// Notes that a relic belongs to a case and returns the provinces the case is known to have joined. With
    /// <see cref="NoteCaseProvincesAsync"/> each side writes its fact before reading the other's, so of a relic event and a
    /// join applied at the same time at least one sees the other: the relic ends up in the joined province either way.
    /// </summary>
    public async Task<string[]> NoteRelicOfCaseAsync(string caseId, string relicId)
    {
        var database = (await redis.GetAsync()).GetDatabase();
        await database.SetAddAsync(keys.CaseRelics(caseId), relicId);
        return [.. (await database.SetMembersAsync(keys.CaseProvinces(caseId))).Select(p => (string)p!)];
    }

    /// <summary>Notes a case's provinces (after a join) and returns the relics known to belong to it.</summary>
    public async Task<string[]> NoteCaseProvincesAsync(string caseId, IEnumerable<string> provinces)
    {
        var database = (await redis.GetAsync()).GetDatabase();
        await database.SetAddAsync(keys.CaseProvinces(caseId), [.. provinces.Select(p => (RedisValue)p)]);
        return [.. (await database.SetMembersAsync(keys.CaseRelics(caseId))).Select(r => (string)r!)];
    }

    /// <summary>Merges a record read from its service into the generation a rebuild is writing (no notification).</summary>
    public async Task ApplyToBuildingAsync<TRecord>(string building, string kind, string id, TRecord reported, Func<TRecord?, TRecord, TRecord> merge)
        where TRecord : class, IProjectedRecord
    {
        ArgumentNullException.ThrowIfNull(merge);
        var database = (await redis.GetAsync()).GetDatabase();
        var target = StatusGenerations.BuildingTarget(keys, building);
        if (await TryApplyAsync(database, target, kind, id, reported, merge) is null)
        {
            throw new RebuildAbandonedException(building);
        }
    }

    /// <summary>The changed provinces, or null when the target generation is no longer the one the caller meant.</summary>
    private async Task<IReadOnlyList<string>?> TryApplyAsync<TRecord>(IDatabase database, GenerationTarget target, string kind, string id,
        TRecord reported, Func<TRecord?, TRecord, TRecord> merge)
        where TRecord : class, IProjectedRecord
    {
        var key = target.Keys.Record(kind, id);
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
            var generationHolds = transaction.AddCondition(target.Condition);
            transaction.AddCondition(stored.IsNull ? Condition.KeyNotExists(key) : Condition.StringEqual(key, stored));
            _ = transaction.StringSetAsync(key, mergedJson);
            AddDelta(transaction, target, delta);
            if (await transaction.ExecuteAsync())
            {
                return delta.Provinces;
            }

            if (!generationHolds.WasSatisfied)
            {
                return null;
            }
        }

        throw new InvalidOperationException($"Status record {kind}:{id} kept changing under {MaxAttempts} attempts to update it.");
    }

    private void AddDelta(ITransaction transaction, GenerationTarget target, ProjectionDelta delta)
    {
        foreach (var counter in delta.Counters)
        {
            _ = transaction.HashIncrementAsync(target.Keys.Counters(counter.Province), counter.Field, counter.Amount);
        }

        foreach (var due in delta.DueRemoved)
        {
            _ = transaction.SortedSetRemoveAsync(target.Keys.HandoversDue(due.Province), due.RelicId);
        }

        foreach (var due in delta.DueAdded)
        {
            _ = transaction.SortedSetAddAsync(target.Keys.HandoversDue(due.Province), due.RelicId, due.DueAt.ToUnixTimeMilliseconds());
        }

        var provinces = delta.Provinces;
        if (provinces.Count > 0)
        {
            _ = transaction.SetAddAsync(target.Keys.Provinces, [.. provinces.Select(p => (RedisValue)p)]);
            if (target.Notify)
            {
                _ = transaction.PublishAsync(RedisChannel.Literal(keys.Changes), string.Join(',', provinces));
            }
        }
    }
}
