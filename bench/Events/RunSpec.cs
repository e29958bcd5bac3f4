namespace RelicSecurity.Bench.Events;

/// <summary>One benchmark run: flat out with concurrent writers, or paced at a fixed rate.</summary>
public sealed record RunSpec(string Name, int Events, int Writers, int PerTransaction, int PerSecond, bool Drain = false)
{
    public static RunSpec FlatOut(string name, int events, int writers, int perTransaction) =>
        new(name, events, writers, perTransaction, 0);

    public static RunSpec Paced(string name, int events, int perSecond) => new(name, events, 1, 1, perSecond);

    /// <summary>Writes a backlog with the relay stopped, then times relay start → last consumer effect.</summary>
    public static RunSpec Backlog(string name, int events) => new(name, events, 4, 100, 0, Drain: true);

    public string Offered => Drain ? "backlog" : PerSecond > 0 ? $"{PerSecond}/s" : "max";
}
