using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Cases.Persistence;

namespace RelicSecurity.Cases.Matching;

/// <summary>
/// MatchRelic: ranks relics with status STOLEN against a seized object's description. Candidates come from the
/// in-memory sought list (<see cref="SoughtRelicIndex"/>, <see cref="SoughtRelicSearch"/>: the best
/// <see cref="MatchSettings.FinalCandidates"/> on terms and boosts) once it is loaded and current; otherwise, in
/// PostgreSQL alone, they are the sought relics sharing the description's rarer terms (full text over words, CJK bigrams and
/// glossary concepts, bounded by <see cref="CandidateQuery"/>; in <see cref="CjkMode.Trigram"/> also those whose text
/// is trigram-similar), the best <see cref="MatchSettings.Candidates"/> by ts_rank. Each is scored
/// 0.45 × term overlap (the mean of the Dice coefficients over all terms and over the glossary concepts alone: a
/// description in the other language shares concepts with the record but few words, and must not lose to a
/// same-language look-alike only for sharing its script)
/// + 0.35 × pg_trgm word similarity of the description within the record's text (survives typos and respellings)
/// + 0.20 × the boosts the request asks for (object type: the same two levels count 0.5, the same first level 0.3; share of
/// materials 0.3; same period 0.2),
/// with the weight of boosts the request does not ask for left out, so scores stay in 0..1 and comparable.
/// </summary>
public sealed class RelicMatcher(
    CasesDatabase database, MatchSettings settings, TermStatistics statistics, SoughtRelicIndex index, SoughtRelicIndexUpdater updater)
    : IDisposable
{
    // A search in the index is pure CPU over a few megabytes of its own: more at once than there are cores only
    // time-slices them, multiplies the memory they sweep through the caches, and holds thread-pool threads the calls'
    // I/O needs (16 callers on 2 cores measured a long tail that way). The others wait here without a thread.
    private readonly SemaphoreSlim _searchSlots = new(Math.Max(1, settings.ConcurrentSearches), Math.Max(1, settings.ConcurrentSearches));

    private const string Score = """
        (0.45 * 0.5 * (
                 2.0 * cardinality(ARRAY(SELECT unnest(tsvector_to_array(r.match_terms)) INTERSECT SELECT unnest($2::text[])))
                     / greatest(1, cardinality($2::text[]) + length(r.match_terms))
               + 2.0 * cardinality(ARRAY(SELECT unnest(tsvector_to_array(r.match_terms)) INTERSECT SELECT unnest($11::text[])))
                     / greatest(1, cardinality($11::text[])
                                   + cardinality(ARRAY(SELECT t FROM unnest(tsvector_to_array(r.match_terms)) t WHERE t LIKE 'c\_%'))))
         + 0.35 * word_similarity($3, r.match_text)
         + 0.20 * ( (CASE WHEN $4 = '' THEN 0 WHEN r.match_type = $4 THEN 0.5
                          WHEN split_part(r.match_type, '/', 1) = split_part($4, '/', 1) THEN 0.3 ELSE 0 END)
                  + (CASE WHEN cardinality($5::text[]) > 0
                          THEN 0.3 * cardinality(ARRAY(SELECT unnest(r.match_materials) INTERSECT SELECT unnest($5::text[]))) / cardinality($5::text[])
                          ELSE 0 END)
                  + (CASE WHEN $6 <> '' AND r.match_period = $6 THEN 0.2 ELSE 0 END))
        ) / (0.80 + 0.20 * $7)
        """;

    public async Task<IReadOnlyList<RelicMatch>> MatchAsync(MatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var terms = MatchText.Terms(string.Join(" ", request.Text, string.Join(" ", request.Materials), request.Period), settings.Mode);
        var text = MatchText.Normalize(request.Text);
        if (terms.Count == 0)
        {
            // Punctuation alone: nothing to compare.
            return [];
        }

        var type = request.ObjectType.Length > 0 ? MatchText.TypeKey(request.ObjectType) : "";
        var materials = MatchText.MaterialKeys(request.Materials).ToArray();
        var period = request.Period.Length > 0 ? MatchText.PeriodKey(request.Period) : "";
        var boostWeight = (type.Length > 0 ? 0.5 : 0) + (materials.Length > 0 ? 0.3 : 0) + (period.Length > 0 ? 0.2 : 0);
        var reach = request.ReachableProvince is null ? "" : "AND c.province_codes @> ARRAY[$9]";
        string candidateQuery;
        string candidates;
        Guid[] shortlist = [];
        double[] partialScores = [];
        var score = Score;
        if (settings.IndexSearches && await updater.CatchUpAsync().WaitAsync(cancellationToken))
        {
            // Every change committed before this call is in the index: its best are the candidates (rechecked below:
            // still sought, still within reach).
            IReadOnlyList<SoughtRelicCandidate> found;
            await _searchSlots.WaitAsync(cancellationToken);
            try
            {
                found = SoughtRelicSearch.Search(index, new SoughtRelicQuery(terms, type, materials, period), request.ReachableProvince,
                    settings, Math.Max(settings.FinalCandidates, request.Limit));
            }
            finally
            {
                _searchSlots.Release();
            }

            if (found.Count == 0)
            {
                return [];
            }

            // The index scored terms and boosts exactly (the same formula): PostgreSQL adds the text similarity.
            shortlist = [.. found.Select(c => c.RelicId)];
            partialScores = [.. found.Select(c => c.PartialScore)];
            score = "(k.partial + 0.35 * word_similarity($3, r.match_text) / (0.80 + 0.20 * $7))";
            candidateQuery = "";
            candidates = "SELECT * FROM unnest($12::uuid[], $13::float8[]) AS u(relic_id, partial)";
        }
        else
        {
            var stats = await statistics.CurrentAsync(cancellationToken);
            candidateQuery = CandidateQuery.Build(terms, stats.FrequencyOf, stats.Rows, settings.CandidateRowBudget);
            var trigramCandidates = settings.Mode == CjkMode.Trigram && text.Length > 0
                ? $"""
                  UNION
                  (SELECT r.relic_id FROM relics r JOIN cases c ON c.case_id = r.case_id
                   WHERE r.status = 1 AND $3 <% r.match_text {reach} ORDER BY word_similarity($3, r.match_text) DESC LIMIT $8)
                  """
                : "";
            candidates = $"""
                (SELECT r.relic_id FROM relics r JOIN cases c ON c.case_id = r.case_id
                 WHERE r.status = 1 AND r.match_terms @@ $1::tsquery {reach}
                 ORDER BY ts_rank(r.match_terms, $1::tsquery) DESC LIMIT $8)
                {trigramCandidates}
                """;
        }

        // Scored first, the relic's whole row (custody history included) read for the best `limit` only.
        await using var command = database.DataSource.CreateCommand($"""
            WITH candidates AS ({candidates}),
            scored AS (
                SELECT r.relic_id, {score} AS score
                FROM candidates k JOIN relics r ON r.relic_id = k.relic_id JOIN cases c ON c.case_id = r.case_id
                WHERE r.status = 1 {reach}
                ORDER BY score DESC, r.relic_id
                LIMIT $10)
            SELECT {RelicRows.Columns}, s.score
            FROM scored s JOIN relics r ON r.relic_id = s.relic_id JOIN cases c ON c.case_id = r.case_id
            ORDER BY s.score DESC, r.relic_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = candidateQuery, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = terms.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = text, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = type, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = materials, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = period, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = boostWeight, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = settings.Candidates, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = request.ReachableProvince ?? "", NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Limit, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = terms.Where(t => t.StartsWith(MatchText.ConceptPrefix, StringComparison.Ordinal)).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = shortlist, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = partialScores, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        var matches = new List<RelicMatch>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            matches.Add(new RelicMatch(RelicRows.Read(reader).Relic, Math.Clamp(reader.GetDouble(RelicRows.Count), 0, 1)));
        }

        return matches;
    }

    public void Dispose() => _searchSlots.Dispose();
}
