namespace RelicSecurity.Cases.Matching;

/// <summary>
/// The sought list (relics with status STOLEN) held in memory for MatchRelic's first stage: per term the relics
/// carrying it (postings), per relic its sorted term ids, its case and its boost keys. At a million sought relics
/// PostgreSQL needed tens of milliseconds per search to fetch and rank thousands of candidate rows; here a search
/// walks a few posting lists and scores the best relics exactly on terms and boosts (<see cref="SoughtRelicSearch"/>),
/// and only the few best go back to PostgreSQL for the text similarity and the final order.
/// Memory: about 200 bytes per relic ever sought (a million: ≈ 200 MB). A relic leaving the list keeps its slot,
/// marked not sought (descriptions never change, so a relic sought again takes its slot back).
/// One writer (<see cref="SoughtRelicIndexUpdater"/>) and any number of searches, under a reader/writer lock.
/// </summary>
public sealed class SoughtRelicIndex : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<PostingList> _postings = [];
    private bool[] _conceptTerms = new bool[1024];
    private readonly Dictionary<string, int> _keyIds = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<string> _keys = [""];
    // Per key its first level ("bronze" of "bronze/ding") as an id of its own: the type boost compares first levels of
    // a thousand relics per search, which must not cost a string split each.
    private readonly Dictionary<string, int> _firstLevelIds = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<int> _firstLevelOfKey = [0];
    private readonly Dictionary<Guid, int> _slotOf = [];
    private readonly Dictionary<Guid, int> _caseOf = [];
    private readonly List<string[]> _caseProvinces = [];
    private Slot[] _slots = new Slot[1024];
    private int[] _pool = new int[16 * 1024];
    private int _poolLength;

    /// <summary>Relics in the index (sought or not).</summary>
    public int SlotCount { get; private set; }

    /// <summary>Relics currently sought.</summary>
    public int SoughtCount { get; private set; }

    /// <summary>Applies relic states and case provinces as one step, so a search sees all of it or none.</summary>
    public void Apply(IReadOnlyCollection<SoughtRelicState> relics, IReadOnlyCollection<CaseProvinces> cases)
    {
        ArgumentNullException.ThrowIfNull(relics);
        ArgumentNullException.ThrowIfNull(cases);
        _lock.EnterWriteLock();
        try
        {
            foreach (var (caseId, provinces) in cases)
            {
                SetCaseProvinces(caseId, provinces);
            }

            foreach (var relic in relics)
            {
                ApplyRelic(relic);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Runs a search under the read lock (many at once).</summary>
    internal T Read<T>(Func<Reader, T> search)
    {
        _lock.EnterReadLock();
        try
        {
            return search(new Reader(this));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    private void ApplyRelic(SoughtRelicState relic)
    {
        if (_slotOf.TryGetValue(relic.RelicId, out var existing))
        {
            ref var slot = ref _slots[existing];
            if (slot.Sought != relic.Sought)
            {
                SoughtCount += relic.Sought ? 1 : -1;
                slot.Sought = relic.Sought;
            }

            return;
        }

        if (!relic.Sought || relic.Columns is not { } columns)
        {
            // Never sought here and not sought now: nothing to search for.
            return;
        }

        var index = SlotCount;
        if (index == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        var termIds = columns.Terms.Select(TermId).Distinct().Order().ToArray();
        var materialIds = columns.Materials.Select(KeyId).Distinct().ToArray();
        var termStart = Append(termIds);
        var materialStart = Append(materialIds);
        foreach (var termId in termIds)
        {
            _postings[termId].Add(index);
        }

        _slots[index] = new Slot
        {
            RelicId = relic.RelicId,
            CaseIndex = CaseIndex(relic.CaseId),
            TermStart = termStart,
            TermCount = termIds.Length,
            ConceptCount = termIds.Count(id => _conceptTerms[id]),
            MaterialStart = materialStart,
            MaterialCount = materialIds.Length,
            TypeKey = KeyId(columns.ObjectType),
            PeriodKey = KeyId(columns.Period),
            Sought = true,
        };
        _slotOf[relic.RelicId] = index;
        SlotCount++;
        SoughtCount++;
    }

    private void SetCaseProvinces(Guid caseId, IReadOnlyList<string> provinces) =>
        _caseProvinces[CaseIndex(caseId)] = [.. provinces];

    private int CaseIndex(Guid caseId)
    {
        if (!_caseOf.TryGetValue(caseId, out var index))
        {
            index = _caseProvinces.Count;
            _caseProvinces.Add([]);
            _caseOf[caseId] = index;
        }

        return index;
    }

    private int TermId(string term)
    {
        if (!_termIds.TryGetValue(term, out var id))
        {
            id = _postings.Count;
            _postings.Add(new PostingList());
            if (id == _conceptTerms.Length)
            {
                Array.Resize(ref _conceptTerms, _conceptTerms.Length * 2);
            }

            _conceptTerms[id] = term.StartsWith(MatchText.ConceptPrefix, StringComparison.Ordinal);
            _termIds[term] = id;
        }

        return id;
    }

    private int KeyId(string key)
    {
        if (!_keyIds.TryGetValue(key, out var id))
        {
            id = _keys.Count;
            _keys.Add(key);
            _keyIds[key] = id;
            var firstLevel = FirstLevel(key);
            if (!_firstLevelIds.TryGetValue(firstLevel, out var firstLevelId))
            {
                firstLevelId = _firstLevelIds.Count;
                _firstLevelIds[firstLevel] = firstLevelId;
            }

            _firstLevelOfKey.Add(firstLevelId);
        }

        return id;
    }

    private int Append(int[] values)
    {
        if (_poolLength + values.Length > _pool.Length)
        {
            Array.Resize(ref _pool, Math.Max(_pool.Length * 2, _poolLength + values.Length));
        }

        var start = _poolLength;
        values.CopyTo(_pool, start);
        _poolLength += values.Length;
        return start;
    }

    /// <summary>An object type's first level: "bronze" of "bronze/ding" (the whole key when it has one level).</summary>
    internal static string FirstLevel(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? key : key[..slash];
    }

    /// <summary>What a search may read, valid only inside <see cref="Read{T}"/>.</summary>
    internal readonly struct Reader(SoughtRelicIndex index)
    {
        public int SlotCount => index.SlotCount;

        public int SoughtCount => index.SoughtCount;

        public int TermId(string term) => index._termIds.TryGetValue(term, out var id) ? id : -1;

        public int KeyId(string key) => index._keyIds.TryGetValue(key, out var id) ? id : -1;

        /// <summary>The id of a first level (see <see cref="FirstLevel"/>), or -1 when no relic's type has it.</summary>
        public int FirstLevelId(string firstLevel) => index._firstLevelIds.TryGetValue(firstLevel, out var id) ? id : -1;

        public int FirstLevelOfKey(int keyId) => index._firstLevelOfKey[keyId];

        public bool IsConcept(int termId) => index._conceptTerms[termId];

        public ReadOnlySpan<int> Postings(int termId) => index._postings[termId].Items;

        public ref readonly Slot Slot(int slot) => ref index._slots[slot];

        public ReadOnlySpan<int> Terms(in Slot slot) => index._pool.AsSpan(slot.TermStart, slot.TermCount);

        public ReadOnlySpan<int> Materials(in Slot slot) => index._pool.AsSpan(slot.MaterialStart, slot.MaterialCount);

        public bool Reaches(in Slot slot, string? province) =>
            province is null || Array.IndexOf(index._caseProvinces[slot.CaseIndex], province) >= 0;
    }

    internal struct Slot
    {
        public Guid RelicId;
        public int CaseIndex;
        public int TermStart;
        public int TermCount;
        public int ConceptCount;
        public int MaterialStart;
        public int MaterialCount;
        public int TypeKey;
        public int PeriodKey;
        public bool Sought;
    }

    private sealed class PostingList
    {
        private int[] _items = new int[4];
        private int _count;

        public ReadOnlySpan<int> Items => _items.AsSpan(0, _count);

        public void Add(int slot)
        {
            if (_count == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            _items[_count++] = slot;
        }
    }
}

/// <summary>A relic as the index learns it: whether it is sought now, and its match columns (needed when new to the index).</summary>
public sealed record SoughtRelicState(Guid RelicId, Guid CaseId, bool Sought, MatchColumns? Columns);

/// <summary>The provinces that see a case (lead and participating).</summary>
public sealed record CaseProvinces(Guid CaseId, IReadOnlyList<string> Provinces);
