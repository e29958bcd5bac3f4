namespace RelicSecurity.Cases.Matching;

/// <summary>
/// How Chinese (CJK) text takes part in MatchRelic. Chinese has no spaces, so a whole run of characters would be
/// one "word". Trigram: the run is left to pg_trgm's similarity (which splits it into 3-character grams) and to a
/// trigram index for finding candidates. Bigram: the run is cut into overlapping 2-character terms for full text,
/// since most Chinese words are two characters. tests/…/Matching/MatchQualityTests measures both; Bigram is the default
/// because it ranks more of the corpus first (see services/Cases/README.md).
/// </summary>
public enum CjkMode
{
    Bigram,
    Trigram,
}
