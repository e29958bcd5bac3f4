using System.Text;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>Maps a partition key to its lane with a hash that never changes between processes or versions.</summary>
public static class OutboxLanes
{
    public static short LaneOf(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        // FNV-1a over UTF-8: string.GetHashCode is randomized per process, which would reorder a key's events.
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(partitionKey))
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return (short)(hash % OutboxSchema.LaneCount);
    }
}
