namespace RelicSecurity.Cases.Matching;

/// <summary>
/// Counts this instance's commits that can change the sought list (a relic registered or moved in custody, a case
/// joined by another province). A search asks the database for changes only when this instance wrote since the
/// index's last read began: its own writes are found at once, other instances' within the poll interval, and a search
/// costs no database round trip when nothing was written here.
/// </summary>
public sealed class SoughtListWrites
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Called after the writing transaction committed.</summary>
    public void Committed() => Interlocked.Increment(ref _count);
}
