namespace RelicSecurity.Cases.Matching;

/// <summary>Configuration section "Matching": how Chinese text is matched (Bigram unless set).</summary>
public sealed class MatchSettings
{
    public const string Section = "Matching";

    public CjkMode Mode { get; set; } = CjkMode.Bigram;

    /// <summary>How many full-text candidates are scored in full per search: bounds the work of a common query.</summary>
    public int Candidates { get; set; } = 200;

    /// <summary>
    /// How many rows the candidate query may be expected to match (see <see cref="CandidateQuery"/>): each is ranked,
    /// so this bounds a search's work whatever words it uses.
    /// </summary>
    public double CandidateRowBudget { get; set; } = 5_000;

    /// <summary>
    /// Whether MatchRelic searches the in-memory sought list (<see cref="SoughtRelicIndex"/>) once it is loaded; off, or
    /// until then, it searches in PostgreSQL alone (full text candidates as above).
    /// </summary>
    public bool UseIndex { get; set; } = true;

    /// <summary>
    /// The index holds terms only: with <see cref="CjkMode.Trigram"/> Chinese text is matched by trigram similarity, whose
    /// candidates only PostgreSQL's trigram index finds, so that mode always searches there.
    /// </summary>
    public bool IndexSearches => UseIndex && Mode == CjkMode.Bigram;

    /// <summary>Posting-list entries a search in the index walks at most (<see cref="SoughtRelicSearch"/>): bounds its CPU.</summary>
    public int PostingBudget { get; set; } = 150_000;

    /// <summary>
    /// Relics the index scores exactly on terms and boosts per search. bench/Cases --search-stage at a million relics: 500
    /// keeps the described relic among those handed on as often as 1,000 did (99.8 %) in 70 % of the time.
    /// </summary>
    public int ShortlistSize { get; set; } = 500;

    /// <summary>
    /// Of those, how many PostgreSQL scores in full (text similarity included) to give the final order: each costs a
    /// trigram comparison there. The described relic was among the first 20 exactly as often as among the first 40.
    /// </summary>
    public int FinalCandidates { get; set; } = 20;

    /// <summary>Searches in the index that run at once (the rest queue without holding a thread): one per core.</summary>
    public int ConcurrentSearches { get; set; } = Environment.ProcessorCount;

    /// <summary>How often the index reads the database's changes when no search asks for them sooner.</summary>
    public TimeSpan IndexPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
