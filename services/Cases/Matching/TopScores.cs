namespace RelicSecurity.Cases.Matching;

/// <summary>The best of a search's scored relics, best first.</summary>
internal static class TopScores
{
    /// <summary>
    /// Positions in <paramref name="slots"/> of the <paramref name="count"/> highest <paramref name="scores"/>, best first
    /// (ties: lower slot first).
    /// </summary>
    public static List<int> Best(List<int> slots, double[] scores, int count)
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
