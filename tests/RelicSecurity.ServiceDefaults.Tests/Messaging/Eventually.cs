using System.Diagnostics;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

/// <summary>Waits for a condition the system reaches asynchronously; fails with a description when it does not.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe,
        TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (await condition())
            {
                return Stopwatch.GetElapsedTime(started);
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"Not reached within {timeout.TotalSeconds:0} s: {await describe()}");
    }
}
