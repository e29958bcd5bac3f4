using System.Collections.Concurrent;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>The queue names this service's consumers were configured with (filled while the bus is configured).</summary>
public sealed class BackboneEndpoints
{
    readonly ConcurrentDictionary<string, byte> names = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => [.. names.Keys];

    internal void Add(string name) => names.TryAdd(name, 0);

    internal bool Contains(string name) => names.ContainsKey(name);
}
