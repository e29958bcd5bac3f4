using System.Text;

namespace RelicSecurity.Cases.Matching;

/// <summary>
/// Turns free text into the terms MatchRelic compares, the same way for stored relics and for a seized object's
/// description: lower-cased Latin words (a plural "s" dropped, stop words out), glossary concepts for synonyms and
/// for Chinese/English equivalents, and — in <see cref="CjkMode.Bigram"/> — overlapping 2-character terms of every
/// Chinese run. They are stored and searched as exact lexemes (array_to_tsvector, tsquery literals).
/// </summary>
public static class MatchText
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "the", "of", "on", "in", "with", "to", "at", "by", "for", "from", "is", "it", "its", "or",
        "has", "have", "was", "were", "be", "as", "this", "that", "one", "two", "some", "small", "about", "near",
    };

    /// <summary>How glossary concept terms begin (see <see cref="Glossary.ConceptOf"/>).</summary>
    public const string ConceptPrefix = "c_";

    public static bool IsCjk(char c) => c is >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';

    public static bool IsCjkWord(string word) => word.Length > 0 && word.All(IsCjk);

    /// <summary>Lower-cased and with runs of whitespace made single, for pg_trgm.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>The distinct terms of <paramref name="text"/>, in first-seen order.</summary>
    public static IReadOnlyList<string> Terms(string text, CjkMode mode)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string term)
        {
            if (seen.Add(term))
            {
                terms.Add(term);
            }
        }

        var normalized = Normalize(text);
        var i = 0;
        while (i < normalized.Length)
        {
            var c = normalized[i];
            if (IsCjk(c))
            {
                var start = i;
                while (i < normalized.Length && IsCjk(normalized[i]))
                {
                    i++;
                }

                AddCjkRun(normalized[start..i], mode, Add);
            }
            else if (char.IsLetterOrDigit(c) || c == '-')
            {
                var start = i;
                while (i < normalized.Length && (char.IsLetterOrDigit(normalized[i]) || normalized[i] == '-') && !IsCjk(normalized[i]))
                {
                    i++;
                }

                AddWord(normalized[start..i].Trim('-'), Add);
            }
            else
            {
                i++;
            }
        }

        return terms;
    }

    private static void AddWord(string word, Action<string> add)
    {
        if (word.Length == 0)
        {
            return;
        }

        // "blue-and-white" is a glossary word as a whole; other hyphenated words count by their parts as well.
        if (Glossary.ConceptOf(word) is { } whole)
        {
            add(whole);
        }

        foreach (var part in word.Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            if (StopWords.Contains(part) || (part.Length == 1 && !char.IsDigit(part[0])))
            {
                continue;
            }

            var stem = part.Length > 3 && part.EndsWith('s') && !part.EndsWith("ss", StringComparison.Ordinal) ? part[..^1] : part;
            add(stem);
            if ((Glossary.ConceptOf(part) ?? Glossary.ConceptOf(stem)) is { } concept)
            {
                add(concept);
            }
        }
    }

    private static void AddCjkRun(string run, CjkMode mode, Action<string> add)
    {
        foreach (var word in Glossary.ChineseWords)
        {
            if (run.Contains(word, StringComparison.Ordinal))
            {
                add(Glossary.ConceptOf(word)!);
            }
        }

        if (mode != CjkMode.Bigram)
        {
            return;
        }

        if (run.Length == 1)
        {
            add(run);
            return;
        }

        for (var i = 0; i + 1 < run.Length; i++)
        {
            add(run.Substring(i, 2));
        }
    }

    /// <summary>Object type normalized ("Ceramics / Jar" → "ceramics/jar"); the matcher compares both levels and the first alone.</summary>
    public static string TypeKey(string objectType) =>
        string.Join('/', Normalize(objectType).Split('/').Select(level => level.Trim()));

    /// <summary>Materials as concepts where the glossary knows them, else their normalized words.</summary>
    public static IReadOnlyList<string> MaterialKeys(IEnumerable<string> materials) =>
        [.. materials.SelectMany(m => Terms(m, CjkMode.Trigram).Where(t => t.StartsWith(ConceptPrefix, StringComparison.Ordinal)).DefaultIfEmpty(Normalize(m)))
            .Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>Period as its glossary concept ("Ming dynasty", "明代" → c_ming), else normalized text.</summary>
    public static string PeriodKey(string period) =>
        Terms(period, CjkMode.Trigram).FirstOrDefault(t => t.StartsWith(ConceptPrefix, StringComparison.Ordinal)) ?? Normalize(period);
}
