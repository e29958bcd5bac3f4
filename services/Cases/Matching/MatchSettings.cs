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
}
