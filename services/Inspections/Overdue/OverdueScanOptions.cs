namespace RelicSecurity.Inspections.Overdue;

/// <summary>
/// Settings of the overdue scan (section "Inspections:OverdueScan"). An order is OVERDUE at most
/// <see cref="Interval"/> plus one scan after its deadline: API.md asks for a minute at most.
/// </summary>
public sealed class OverdueScanOptions
{
    public const string Section = "Inspections:OverdueScan";

    public bool Enabled { get; set; } = true;

    /// <summary>Time between scans (30 s: half of API.md's minute, so one failed pass still keeps the promise).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Orders marked per transaction; a scan repeats full batches until it has caught up.</summary>
    public int BatchSize { get; set; } = 500;
}
