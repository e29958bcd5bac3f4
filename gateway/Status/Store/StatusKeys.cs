namespace RelicSecurity.Gateway.Status.Store;

/// <summary>
/// The projection's Redis keys, all under one prefix (setting Status:KeyPrefix, default "relic:status:"), so a rebuild
/// can write a fresh generation beside the live one and tests can share a Redis.
/// </summary>
public sealed class StatusKeys(string prefix)
{
    public const string DefaultPrefix = "relic:status:";

    public string Prefix { get; } = prefix;

    /// <summary>String: the JSON state of one record of another service ("case", "relic", "site" ...).</summary>
    public string Record(string kind, string id) => $"{Prefix}rec:{kind}:{id}";

    /// <summary>Hash: the counters of one province ("000000" for the national totals).</summary>
    public string Counters(string province) => $"{Prefix}p:{province}";

    /// <summary>Sorted set: relic ids of a province not yet handed over, scored by their handover due time (Unix ms).</summary>
    public string HandoversDue(string province) => $"{Prefix}due:{province}";

    /// <summary>Set: every province that has a status.</summary>
    public string Provinces => Prefix + "provinces";

    /// <summary>Pub/sub channel: comma-separated provinces whose status just changed.</summary>
    public string Changes => Prefix + "changes";
}
