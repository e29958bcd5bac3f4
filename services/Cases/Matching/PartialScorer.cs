namespace RelicSecurity.Cases.Matching;

/// <summary>
/// The final score without its text-similarity part (weights as in <see cref="RelicMatcher"/>): what
/// <see cref="SoughtRelicSearch"/> ranks its shortlist by.
/// </summary>
internal readonly struct PartialScorer
{
    private readonly SoughtRelicIndex.Reader _reader;
    private readonly int[] _known;
    private readonly int _termCount;
    private readonly int _conceptCount;
    private readonly bool _typeAsked;
    private readonly int _typeKey;
    private readonly int _typeFirstLevel;
    private readonly int[] _materials;
    private readonly int _periodKey;
    private readonly double _boostWeight;

    public PartialScorer(SoughtRelicIndex.Reader reader, SoughtRelicQuery query, int[] known)
    {
        _reader = reader;
        _known = known;
        _termCount = query.Terms.Count;
        _conceptCount = query.Terms.Count(t => t.StartsWith(MatchText.ConceptPrefix, StringComparison.Ordinal));
        _typeAsked = query.ObjectType.Length > 0;
        _typeKey = _typeAsked ? reader.KeyId(query.ObjectType) : 0;
        _typeFirstLevel = _typeAsked ? reader.FirstLevelId(SoughtRelicIndex.FirstLevel(query.ObjectType)) : -1;
        _materials = [.. query.Materials.Select(reader.KeyId)];
        _periodKey = query.Period.Length > 0 ? reader.KeyId(query.Period) : 0;
        _boostWeight = (query.ObjectType.Length > 0 ? 0.5 : 0) + (query.Materials.Count > 0 ? 0.3 : 0) + (query.Period.Length > 0 ? 0.2 : 0);
    }

    public double Score(int slotIndex)
    {
        ref readonly var slot = ref _reader.Slot(slotIndex);
        var (shared, sharedConcepts) = Overlap(_reader.Terms(slot));
        var dice = 2.0 * shared / Math.Max(1, _termCount + slot.TermCount);
        var conceptDice = 2.0 * sharedConcepts / Math.Max(1, _conceptCount + slot.ConceptCount);
        return (0.45 * 0.5 * (dice + conceptDice) + 0.20 * Boosts(slot)) / (0.80 + 0.20 * _boostWeight);
    }

    private (int Shared, int SharedConcepts) Overlap(ReadOnlySpan<int> terms)
    {
        // Both sorted: one merge.
        int i = 0, j = 0, shared = 0, concepts = 0;
        while (i < terms.Length && j < _known.Length)
        {
            if (terms[i] < _known[j])
            {
                i++;
            }
            else if (terms[i] > _known[j])
            {
                j++;
            }
            else
            {
                shared++;
                if (_reader.IsConcept(terms[i]))
                {
                    concepts++;
                }

                i++;
                j++;
            }
        }

        return (shared, concepts);
    }

    private double Boosts(in SoughtRelicIndex.Slot slot)
    {
        var boosts = 0.0;
        if (_typeAsked)
        {
            boosts += slot.TypeKey == _typeKey && _typeKey > 0 ? 0.5
                : _reader.FirstLevelOfKey(slot.TypeKey) == _typeFirstLevel ? 0.3 : 0;
        }

        if (_materials.Length > 0)
        {
            var materials = _reader.Materials(slot);
            var shared = 0;
            foreach (var id in _materials)
            {
                shared += id >= 0 && materials.Contains(id) ? 1 : 0;
            }

            boosts += 0.3 * shared / _materials.Length;
        }

        if (_periodKey > 0 && slot.PeriodKey == _periodKey)
        {
            boosts += 0.2;
        }

        return boosts;
    }
}
