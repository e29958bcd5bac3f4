using RelicSecurity.Cases.Domain;

namespace RelicSecurity.Cases.Matching;

/// <summary>
/// The stored matching columns of a relic (see migration 0001), derived from its description exactly as a query's
/// terms are: the one definition for RegisterRelic and for bulk loads (bench/Cases). The terms are stored as they are
/// (array_to_tsvector), not through a text search parser, which would split "c_bronze" at the underscore.
/// </summary>
public sealed record MatchColumns(string Text, IReadOnlyList<string> Terms, string ObjectType, IReadOnlyList<string> Materials, string Period)
{
    public static MatchColumns Of(ObjectDescription description, CjkMode mode)
    {
        ArgumentNullException.ThrowIfNull(description);
        var searchable = string.Join(" ", description.Title, description.Description, description.DistinguishingFeatures, description.InscriptionsMarkings);
        var terms = MatchText.Terms(searchable + " " + string.Join(" ", description.Materials) + " " + description.Period, mode);
        return new MatchColumns(MatchText.Normalize(searchable), terms, MatchText.TypeKey(description.ObjectType),
            MatchText.MaterialKeys(description.Materials), MatchText.PeriodKey(description.Period));
    }
}
