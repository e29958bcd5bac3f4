namespace RelicSecurity.Gateway.Status.Store;

/// <summary>
/// The projection's Redis keys, all under one prefix (setting Status:KeyPrefix, default "relic:status:"), so tests can
/// share a Redis. The counters and record states live in a <em>generation</em> (<see cref="GenerationKeys"/>): the
/// live one is named by <see cref="LiveGeneration"/> (absent: the original layout directly under the prefix), and a
/// rebuild writes a fresh one beside it (<see cref="BuildingGeneration"/>) before swapping the name.
/// </summary>
public sealed class StatusKeys(string prefix)
{
    public const string DefaultPrefix = "relic:status:";

    public string Prefix { get; } = prefix;

    /// <summary>String: the name of the live generation ("g&lt;n&gt;"); absent means the generation "" (keys right under the prefix).</summary>
    public string LiveGeneration => Prefix + "generation";

    /// <summary>String (expiring while its rebuild is alive): the generation a rebuild is writing; absent when none runs.</summary>
    public string BuildingGeneration => Prefix + "rebuild:generation";

    /// <summary>Counter: SitesImported batches seen while a rebuild runs (its site pass must be repeated after one).</summary>
    public string ImportsDuringRebuild => Prefix + "rebuild:imports";

    /// <summary>Pub/sub channel: comma-separated provinces whose status just changed (whichever generation is live).</summary>
    public string Changes => Prefix + "changes";

    /// <summary>
    /// Set: relic ids known to belong to a case. Facts that hold in every generation (a relic never changes case), so
    /// outside them: a join of the case reaches its relics through it.
    /// </summary>
    public string CaseRelics(string caseId) => $"{Prefix}idx:case-relics:{caseId}";

    /// <summary>Set: provinces a case is known to have joined (they only grow), outside generations like <see cref="CaseRelics"/>.</summary>
    public string CaseProvinces(string caseId) => $"{Prefix}idx:case-provinces:{caseId}";

    public GenerationKeys Generation(string generation) =>
        new(generation, generation.Length == 0 ? Prefix : $"{Prefix}{generation}:");
}

/// <summary>The keys of one generation of the projection.</summary>
public sealed record GenerationKeys(string Name, string Prefix)
{
    /// <summary>String: the JSON state of one record of another service ("case", "relic", "site" ...).</summary>
    public string Record(string kind, string id) => $"{Prefix}rec:{kind}:{id}";

    /// <summary>Hash: the counters of one province ("000000" for the national totals).</summary>
    public string Counters(string province) => $"{Prefix}p:{province}";

    /// <summary>Sorted set: relic ids of a province not yet handed over, scored by their handover due time (Unix ms).</summary>
    public string HandoversDue(string province) => $"{Prefix}due:{province}";

    /// <summary>Set: every province that has a status.</summary>
    public string Provinces => Prefix + "provinces";

    /// <summary>Key patterns that cover this generation's keys (for deleting a retired one).</summary>
    public IEnumerable<string> Patterns => [Prefix + "rec:*", Prefix + "p:*", Prefix + "due:*", Provinces];
}
