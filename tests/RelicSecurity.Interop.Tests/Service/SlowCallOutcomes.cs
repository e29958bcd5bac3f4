using System.Collections.Concurrent;

namespace RelicSecurity.Interop.Service;

/// <summary>What each Slow handler observed, kept so a client can ask afterwards (SlowOutcome).</summary>
public sealed class SlowCallOutcomes
{
    private readonly ConcurrentDictionary<string, (bool Cancelled, long ElapsedMs)> _outcomes = new();

    public void Record(string id, bool cancelled, long elapsedMs) => _outcomes[id] = (cancelled, elapsedMs);

    public bool TryGet(string id, out (bool Cancelled, long ElapsedMs) outcome) => _outcomes.TryGetValue(id, out outcome);
}
