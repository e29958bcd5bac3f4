using System.Globalization;
using RelicSecurity.Gateway.Status.Projection;
using StackExchange.Redis;

namespace RelicSecurity.Gateway.Status.Store;

/// <summary>
/// Which generation of the projection is live and which one a rebuild is writing. The live value is
/// "&lt;name&gt;@&lt;unix ms&gt;" for a rebuilt generation (the instant it went live: its site horizon) or absent for the
/// original layout.
/// </summary>
public sealed record StatusGenerations(string? LiveValue, string? Building)
{
    public string Live => LiveValue is null ? "" : LiveValue.Split('@')[0];

    /// <summary>Site events observed before this instant describe sites the rebuild counted (or had to count) whole.</summary>
    public DateTimeOffset? SiteHorizon =>
        LiveValue?.Split('@') is [_, var ms] ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ms, CultureInfo.InvariantCulture)) : null;

    public static async Task<StatusGenerations> ReadAsync(IDatabaseAsync database, StatusKeys keys)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        var values = await database.StringGetAsync([keys.LiveGeneration, keys.BuildingGeneration]);
        return new StatusGenerations(values[0].IsNull ? null : (string)values[0]!, values[1].IsNull ? null : (string)values[1]!);
    }

    public static string LiveValueOf(string generation, DateTimeOffset wentLive) =>
        string.Create(CultureInfo.InvariantCulture, $"{generation}@{wentLive.ToUnixTimeMilliseconds()}");

    /// <summary>The live generation, as long as it stays live; its changes are announced to watchers.</summary>
    public GenerationTarget LiveTarget(StatusKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new GenerationTarget(keys.Generation(Live),
            LiveValue is null ? Condition.KeyNotExists(keys.LiveGeneration) : Condition.StringEqual(keys.LiveGeneration, LiveValue),
            Notify: true, SiteHorizon);
    }

    /// <summary>The generation being rebuilt, as long as its rebuild holds it; nobody watches it yet.</summary>
    public static GenerationTarget BuildingTarget(StatusKeys keys, string building)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new GenerationTarget(keys.Generation(building), Condition.StringEqual(keys.BuildingGeneration, building), Notify: false,
            DateTimeOffset.MaxValue);
    }
}

/// <summary>One generation to write to, the condition under which it is still the intended one, and its site horizon.</summary>
public sealed record GenerationTarget(GenerationKeys Keys, Condition Condition, bool Notify, DateTimeOffset? SiteHorizon)
{
    public TRecord Prepare<TRecord>(TRecord reported)
        where TRecord : class, IProjectedRecord
    {
        ArgumentNullException.ThrowIfNull(reported);
        return SiteHorizon is { } horizon ? (TRecord)reported.ObservedBefore(horizon) : reported;
    }
}

/// <summary>The generation a rebuild was writing is no longer its own (it expired, or another rebuild took over).</summary>
public sealed class RebuildAbandonedException(string generation)
    : InvalidOperationException($"Status generation {generation} is no longer being rebuilt (its rebuild lease expired or another rebuild replaced it).");
