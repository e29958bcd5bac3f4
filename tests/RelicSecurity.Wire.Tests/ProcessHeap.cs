namespace RelicSecurity.Wire.Tests;

/// <summary>
/// The managed heap of this test process (which hosts the service and the gateway) after full,
/// compacting collections: what is still referenced, without garbage that merely has not been collected.
/// </summary>
internal static class ProcessHeap
{
    /// <summary>
    /// How far the heap may end above its baseline. The hosts keep caches and pools that settle within a
    /// few MiB (the nearby index, connection pools, Kestrel's memory pool); a leak of one object per call
    /// over 10,000 calls, or one 1 GiB buffer, is far above it.
    /// </summary>
    public const long Tolerance = 16L * 1024 * 1024;

    public static long Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        // The last collection was a full compacting one: its heap size is what survived it.
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
    }

    public static string Describe(long baseline, long after) =>
        $"GC heap after full collection: baseline {Mib(baseline):F1} MiB, after {Mib(after):F1} MiB, delta {Mib(after - baseline):+0.0;-0.0} MiB";

    private static double Mib(long bytes) => bytes / 1024.0 / 1024.0;
}
