namespace RelicSecurity.Cases.Matching;

/// <summary>
/// The full-text query that finds MatchRelic's candidates, bounded in work: an OR of every term would touch most of
/// the sought list when a description uses common words ("bronze", "Ming", 纹), and ranking that many rows costs
/// seconds at a million relics. So terms are taken rarest first while the estimated number of matching rows stays
/// within the budget; when even the rarest term alone is too common, pairs of the rarest terms are ANDed instead
/// (a relic sharing two of them), again within the budget. All terms still count in the score of each candidate.
/// Frequencies come from PostgreSQL's own statistics of the column (<see cref="TermStatistics"/>); a term it does not
/// list as common is rare.
/// </summary>
public static class CandidateQuery
{
    /// <summary>At most this many pairs are ANDed (the rarest terms' pairs).</summary>
    private const int MaxPairTerms = 6;

    /// <param name="terms">The description's terms.</param>
    /// <param name="frequencyOf">Share of rows containing a term (0..1); rare terms may answer a small upper bound.</param>
    /// <param name="rows">How many rows are searched.</param>
    /// <param name="budget">Rows the candidate query may be expected to match.</param>
    public static string Build(IReadOnlyList<string> terms, Func<string, double> frequencyOf, double rows, double budget)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(frequencyOf);
        var ranked = terms.Select(t => (Term: t, Rows: frequencyOf(t) * rows)).OrderBy(t => t.Rows).ThenBy(t => t.Term, StringComparer.Ordinal).ToList();
        if (ranked.Count == 0)
        {
            return "";
        }

        var chosen = new List<string>();
        var expected = 0.0;
        foreach (var (term, count) in ranked)
        {
            if (chosen.Count > 0 && expected + count > budget)
            {
                break;
            }

            chosen.Add(Literal(term));
            expected += count;
        }

        if (expected <= budget || ranked.Count < 2)
        {
            return string.Join(" | ", chosen);
        }

        // Even the rarest term is too common: relics sharing two of the rarest terms, pairs in order of rarity.
        var pairTerms = ranked.Take(MaxPairTerms).ToList();
        var pairs = new List<(string Query, double Rows)>();
        for (var i = 0; i < pairTerms.Count; i++)
        {
            for (var j = i + 1; j < pairTerms.Count; j++)
            {
                pairs.Add(($"({Literal(pairTerms[i].Term)} & {Literal(pairTerms[j].Term)})", pairTerms[i].Rows * pairTerms[j].Rows / Math.Max(1, rows)));
            }
        }

        var picked = new List<string>();
        expected = 0;
        foreach (var (query, count) in pairs.OrderBy(p => p.Rows))
        {
            if (picked.Count > 0 && expected + count > budget)
            {
                break;
            }

            picked.Add(query);
            expected += count;
        }

        return string.Join(" | ", picked);
    }

    private static string Literal(string term) => "'" + term.Replace("'", "''", StringComparison.Ordinal) + "'";
}
