using System.Buffers;

namespace RelicSecurity.Cases.Matching;

/// <summary>What the first stage of MatchRelic compares: the description's terms and the boosts it asks for.</summary>
public sealed record SoughtRelicQuery(IReadOnlyList<string> Terms, string ObjectType, IReadOnlyList<string> Materials, string Period);

/// <summary>A candidate and its score without the text-similarity part (see <see cref="RelicMatcher"/>).</summary>
public readonly record struct SoughtRelicCandidate(Guid RelicId, double PartialScore);

/// <summary>
/// MatchRelic's first stage over <see cref="SoughtRelicIndex"/>: the relics most likely to be the described one, best
/// first. Two steps, each bounded in work whatever words the description uses:
/// 1. Accumulate, per relic, the inverse document frequency of the description's terms it carries, walking the
///    posting lists rarest first until <see cref="MatchSettings.PostingBudget"/> entries have been walked (the
///    commonest terms — "cm", 通高 — are on half the list and say little about which relic it is).
/// 2. Score the <see cref="MatchSettings.ShortlistSize"/> best of those exactly as the final score does, apart from
///    its text-similarity part: the Dice coefficients over all terms and over glossary concepts, and the boosts
///    (<see cref="RelicMatcher"/> has the formula). The <c>take</c> best go to PostgreSQL for the rest.
/// </summary>
public static class SoughtRelicSearch
{
    // A pool of its own: arrays from the shared pool come back with whatever their last user left in them, and a
    // search relies on its accumulators starting at zero (each search zeroes what it touched before returning one).
    private static readonly ArrayPool<float> Accumulators = ArrayPool<float>.Create(maxArrayLength: 1 << 27, maxArraysPerBucket: 16);

    // The touched slots of a search: up to the whole list, so pooled rather than a List grown on the large-object heap per call.
    private static readonly ArrayPool<int> TouchedSlots = ArrayPool<int>.Create(maxArrayLength: 1 << 27, maxArraysPerBucket: 16);

    // Each touched relic's histogram bucket, in touched order: the passes that find the cut read these in sequence
    // instead of the accumulators at random.
    private static readonly ArrayPool<ushort> TouchedBuckets = ArrayPool<ushort>.Create(maxArrayLength: 1 << 27, maxArraysPerBucket: 16);

    public static IReadOnlyList<SoughtRelicCandidate> Search(SoughtRelicIndex index, SoughtRelicQuery query, string? reachableProvince, MatchSettings settings, int take)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(settings);
        return index.Read(reader => Search(reader, query, reachableProvince, settings, take));
    }

    private static IReadOnlyList<SoughtRelicCandidate> Search(SoughtRelicIndex.Reader reader, SoughtRelicQuery query, string? province, MatchSettings settings, int take)
    {
        var known = query.Terms.Select(reader.TermId).Where(id => id >= 0).Distinct().Order().ToArray();
        if (known.Length == 0 || reader.SoughtCount == 0 || take <= 0)
        {
            return [];
        }

        var weights = Accumulators.Rent(reader.SlotCount);
        var touchedSlots = TouchedSlots.Rent(reader.SlotCount);
        var walk = new Walk(weights, touchedSlots);
        try
        {
            var plan = Plan(reader, known, settings.PostingBudget);
            Accumulate(reader, plan, settings.ShortlistSize, ref walk);
            var shortlist = Heaviest(reader, touchedSlots.AsSpan(0, walk.TouchedCount), weights, walk.Heaviest, settings.ShortlistSize, province);
            if (walk.SkippedNewcomers && (shortlist.Count < settings.ShortlistSize || shortlist.Exists(slot => weights[slot] <= plan[^1].Weight)))
            {
                // Too few eligible relics outweigh the last list alone (a province's share, relics no longer sought), so the
                // shortlist reached down to its weight: the relics only that list carries may belong after all.
                AddNewcomers(reader.Postings(plan[^1].TermId), plan[^1].Weight, ref walk);
                shortlist = Heaviest(reader, touchedSlots.AsSpan(0, walk.TouchedCount), weights, walk.Heaviest, settings.ShortlistSize, province);
            }

            var scores = new double[shortlist.Count];
            var scorer = new PartialScorer(reader, query, known);
            for (var i = 0; i < shortlist.Count; i++)
            {
                scores[i] = scorer.Score(shortlist[i]);
            }

            return [.. TopScores.Best(shortlist, scores, take).Select(i => new SoughtRelicCandidate(reader.Slot(shortlist[i]).RelicId, scores[i]))];
        }
        finally
        {
            foreach (var slot in touchedSlots.AsSpan(0, walk.TouchedCount))
            {
                weights[slot] = 0;
            }

            Accumulators.Return(weights);
            TouchedSlots.Return(touchedSlots);
        }
    }

    /// <summary>The posting lists a search walks, rarest first, within the budget (the first always), each with its weight.</summary>
    private static List<(int TermId, float Weight)> Plan(SoughtRelicIndex.Reader reader, int[] known, int budget)
    {
        var slots = Math.Max(1, reader.SlotCount);
        var plan = new List<(int, float)>();
        var walked = 0;
        foreach (var termId in known.OrderBy(id => reader.Postings(id).Length))
        {
            var length = reader.Postings(termId).Length;
            if (walked > 0 && walked + length > budget)
            {
                break;
            }

            walked += length;
            plan.Add((termId, (float)Math.Log(1.0 + (double)slots / Math.Max(1, length))));
        }

        return plan;
    }

    /// <summary>
    /// Adds each planned term's weight to the relics carrying it. The last (largest, lightest) list usually holds most of
    /// the entries walked, and a relic it alone carries weighs only its weight: once <paramref name="shortlist"/> relics
    /// already weigh more, such a relic cannot be among the heaviest, so that list only adds to relics already touched
    /// (<see cref="Walk.SkippedNewcomers"/>; <see cref="AddNewcomers"/> takes them in when too few of those are eligible).
    /// </summary>
    private static void Accumulate(SoughtRelicIndex.Reader reader, List<(int TermId, float Weight)> plan, int shortlist, ref Walk walk)
    {
        var lastWeight = plan[^1].Weight;
        var heavierThanLast = 0;
        for (var i = 0; i < plan.Count - 1; i++)
        {
            heavierThanLast += AddList(reader.Postings(plan[i].TermId), plan[i].Weight, takeNewcomers: true, lastWeight, ref walk);
        }

        var pruning = plan.Count > 1 && heavierThanLast >= shortlist;
        AddList(reader.Postings(plan[^1].TermId), lastWeight, takeNewcomers: !pruning, lastWeight, ref walk);
        walk.SkippedNewcomers = pruning;
    }

    /// <summary>
    /// Adds <paramref name="weight"/> to the relics of <paramref name="postings"/> (to those already touched only, unless
    /// <paramref name="takeNewcomers"/>); returns how many of them it lifted above <paramref name="mark"/>.
    /// </summary>
    private static int AddList(ReadOnlySpan<int> postings, float weight, bool takeNewcomers, float mark, ref Walk walk)
    {
        var lifted = 0;
        foreach (var slot in postings)
        {
            var before = walk.Weights[slot];
            if (before == 0)
            {
                if (!takeNewcomers)
                {
                    continue;
                }

                walk.Touched[walk.TouchedCount++] = slot;
            }

            var after = before + weight;
            walk.Weights[slot] = after;
            walk.Heaviest = Math.Max(walk.Heaviest, after);
            lifted += before <= mark && after > mark ? 1 : 0;
        }

        return lifted;
    }

    /// <summary>Takes in the relics of <paramref name="postings"/> not touched before (the others already carry its weight).</summary>
    private static void AddNewcomers(ReadOnlySpan<int> postings, float weight, ref Walk walk)
    {
        foreach (var slot in postings)
        {
            if (walk.Weights[slot] == 0)
            {
                walk.Touched[walk.TouchedCount++] = slot;
                walk.Weights[slot] = weight;
                walk.Heaviest = Math.Max(walk.Heaviest, weight);
            }
        }

        walk.SkippedNewcomers = false;
    }

    /// <summary>One search's accumulators: weights per slot (zero: untouched), the touched slots in order, the largest weight.</summary>
    private struct Walk(float[] weights, int[] touched)
    {
        public readonly float[] Weights = weights;
        public readonly int[] Touched = touched;
        public int TouchedCount;
        public float Heaviest;
        public bool SkippedNewcomers;
    }

    /// <summary>
    /// About the <paramref name="count"/> eligible relics with the most weight, in no order. A histogram of the weights
    /// finds the cut in passes over the weights alone; only relics above the cut are looked up (their slots are spread
    /// over tens of megabytes at a million relics, where reading every touched one's slot cost more than all the rest
    /// of a search). When the province filter leaves too few above the cut, the cut moves down a bucket range at a
    /// time. At most <paramref name="count"/> come back.
    /// </summary>
    private static List<int> Heaviest(SoughtRelicIndex.Reader reader, ReadOnlySpan<int> touched, float[] weights, float max, int count, string? province)
    {
        const int Buckets = 4096;
        var scale = max > 0 ? (Buckets - 1) / max : 0;
        var histogram = new int[Buckets];
        var rented = TouchedBuckets.Rent(touched.Length);
        try
        {
            var buckets = rented.AsSpan(0, touched.Length);
            for (var i = 0; i < touched.Length; i++)
            {
                var bucket = (ushort)(weights[touched[i]] * scale);
                buckets[i] = bucket;
                histogram[bucket]++;
            }

            return Heaviest(reader, touched, buckets, histogram, weights, count, province);
        }
        finally
        {
            TouchedBuckets.Return(rented);
        }
    }

    private static List<int> Heaviest(SoughtRelicIndex.Reader reader, ReadOnlySpan<int> touched, ReadOnlySpan<ushort> buckets, int[] histogram,
        float[] weights, int count, string? province)
    {
        var chosen = new List<int>(count * 2);
        var upper = histogram.Length; // buckets at or above this have been taken
        var examined = 0;
        while (chosen.Count < count && upper > 0)
        {
            // Lower the cut until the new range holds enough relics to fill what is missing at the share of eligible
            // relics seen so far (a province's own relics are a small share of the whole list).
            // None eligible yet: four times as many as examined so far.
            var wanted = examined == 0 ? count
                : chosen.Count == 0 ? 4L * examined
                : (long)(count - chosen.Count) * examined / chosen.Count;
            var cut = upper - 1;
            var inRange = histogram[cut];
            while (inRange < wanted && cut > 0)
            {
                inRange += histogram[--cut];
            }

            for (var i = 0; i < touched.Length; i++)
            {
                var bucket = buckets[i];
                if (bucket >= cut && bucket < upper)
                {
                    var slot = touched[i];
                    ref readonly var entry = ref reader.Slot(slot);
                    if (entry.Sought && reader.Reaches(entry, province))
                    {
                        chosen.Add(slot);
                    }
                }
            }

            examined += inRange;
            upper = cut;
        }

        if (chosen.Count <= count)
        {
            return chosen;
        }

        // The cut's bucket can hold far more than were wanted (a description whose walked terms are all common gives
        // thousands the same weight): scoring every one of them exactly cost more than the rest of the search. The
        // heaviest by accumulated weight go on; ties there are broken by slot.
        var heaviestFirst = chosen.ToArray();
        Array.Sort(heaviestFirst, (x, y) => weights[y] != weights[x] ? weights[y].CompareTo(weights[x]) : x.CompareTo(y));
        return [.. heaviestFirst.AsSpan(0, count)];
    }
}
