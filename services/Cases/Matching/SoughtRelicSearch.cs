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
        var touchedCount = 0;
        try
        {
            var heaviest = Accumulate(reader, known, settings.PostingBudget, weights, touchedSlots, ref touchedCount);
            var shortlist = Heaviest(reader, touchedSlots.AsSpan(0, touchedCount), weights, heaviest, settings.ShortlistSize, province);
            var scores = new double[shortlist.Count];
            var scorer = new PartialScorer(reader, query, known);
            for (var i = 0; i < shortlist.Count; i++)
            {
                scores[i] = scorer.Score(shortlist[i]);
            }

            return [.. Best(shortlist, scores, take).Select(i => new SoughtRelicCandidate(reader.Slot(shortlist[i]).RelicId, scores[i]))];
        }
        finally
        {
            foreach (var slot in touchedSlots.AsSpan(0, touchedCount))
            {
                weights[slot] = 0;
            }

            Accumulators.Return(weights);
            TouchedSlots.Return(touchedSlots);
        }
    }

    /// <summary>Adds each walked term's weight to the relics carrying it; returns the largest sum (for the histogram's scale).</summary>
    private static float Accumulate(SoughtRelicIndex.Reader reader, int[] known, int budget, float[] weights, int[] touched, ref int touchedCount)
    {
        var slots = Math.Max(1, reader.SlotCount);
        var walked = 0;
        var heaviest = 0f;
        foreach (var termId in known.OrderBy(id => reader.Postings(id).Length))
        {
            var postings = reader.Postings(termId);
            if (walked > 0 && walked + postings.Length > budget)
            {
                break;
            }

            walked += postings.Length;
            var weight = (float)Math.Log(1.0 + (double)slots / Math.Max(1, postings.Length));
            foreach (var slot in postings)
            {
                var before = weights[slot];
                if (before == 0)
                {
                    touched[touchedCount++] = slot;
                }

                var after = before + weight;
                weights[slot] = after;
                heaviest = Math.Max(heaviest, after);
            }
        }

        return heaviest;
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

    /// <summary>
    /// Positions in <paramref name="slots"/> of the <paramref name="count"/> highest <paramref name="scores"/>, best first
    /// (ties: lower slot first).
    /// </summary>
    private static List<int> Best(List<int> slots, double[] scores, int count)
    {
        var heap = new PriorityQueue<int, (double Score, int Slot)>(count + 1, WorstFirst.Instance);
        for (var i = 0; i < slots.Count; i++)
        {
            var key = (scores[i], slots[i]);
            if (heap.Count == count && heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare(key, worst) <= 0)
            {
                continue;
            }

            heap.Enqueue(i, key);
            if (heap.Count > count)
            {
                heap.Dequeue();
            }
        }

        var best = new List<int>(heap.Count);
        while (heap.TryDequeue(out var position, out _))
        {
            best.Add(position);
        }

        best.Reverse();
        return best;
    }

    /// <summary>Orders the heap so its root is the one to drop first: the lowest score, then the higher slot.</summary>
    private sealed class WorstFirst : IComparer<(double Score, int Slot)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, int Slot) x, (double Score, int Slot) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Slot.CompareTo(x.Slot);
    }
}
