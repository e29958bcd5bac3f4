using Npgsql;
using RelicSecurity.Cases.Persistence;

namespace RelicSecurity.Cases.Matching;

/// <summary>
/// How common each matching term is, from PostgreSQL's statistics of relics.match_terms (ANALYZE keeps its most
/// common elements and their frequencies; autovacuum refreshes them as the table grows). Read at most every
/// <see cref="RefreshEvery"/>; a term not among the common elements is rarer than the least common of them.
/// </summary>
public sealed class TermStatistics(CasesDatabase database, TimeProvider time)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private Snapshot _current = new(new Dictionary<string, double>(StringComparer.Ordinal), 0, 0, DateTimeOffset.MinValue);

    public sealed record Snapshot(IReadOnlyDictionary<string, double> Frequencies, double RareFrequency, double Rows, DateTimeOffset ReadAt)
    {
        public double FrequencyOf(string term) => Frequencies.TryGetValue(term, out var frequency) ? frequency : RareFrequency;
    }

    public async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (time.GetUtcNow() - current.ReadAt < RefreshEvery || !await _refreshing.WaitAsync(0, cancellationToken))
        {
            // Fresh enough, or another call is reading them right now: the previous numbers do.
            return current;
        }

        try
        {
            await using var command = database.DataSource.CreateCommand("""
                SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, greatest(c.reltuples, 0)
                FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = 'relics' AND s.attname = 'match_terms' AND s.schemaname = 'public'
                WHERE c.oid = 'public.relics'::regclass
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var frequencies = new Dictionary<string, double>(StringComparer.Ordinal);
            double rows = 0;
            if (await reader.ReadAsync(cancellationToken))
            {
                rows = reader.GetFloat(2);
                if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
                {
                    var elements = reader.GetFieldValue<string[]>(0);
                    var shares = reader.GetFieldValue<float[]>(1);
                    for (var i = 0; i < elements.Length && i < shares.Length; i++)
                    {
                        frequencies[elements[i]] = shares[i];
                    }
                }
            }

            // Frequencies past the elements (minimum, maximum, null share) are not per term and are left out above.
            var rare = frequencies.Count == 0 ? 0 : frequencies.Values.Min();
            current = new Snapshot(frequencies, rare, rows, time.GetUtcNow());
            _current = current;
            return current;
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
