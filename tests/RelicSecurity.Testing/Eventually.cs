using System.Diagnostics;

namespace RelicSecurity.Testing;

/// <summary>
/// The one way tests wait for something the system reaches asynchronously: poll a condition until it
/// holds, fail with a description when it does not. Never sleep before a negative assertion: wait for a
/// positive signal that the work which could have produced the effect is done, then assert.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

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

            await Task.Delay(pollInterval ?? DefaultPollInterval);
        }

        // One last look: the condition may have become true during the final interval.
        if (await condition())
        {
            return Stopwatch.GetElapsedTime(started);
        }

        throw new TimeoutException($"Not reached within {timeout.TotalSeconds:0.#} s: {await describe()}");
    }

    public static Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string description,
        TimeSpan? pollInterval = null) =>
        HoldsAsync(condition, timeout, () => Task.FromResult(description), pollInterval);

    public static Task<TimeSpan> HoldsAsync(Func<bool> condition, TimeSpan timeout, string description,
        TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return HoldsAsync(() => Task.FromResult(condition()), timeout, () => Task.FromResult(description), pollInterval);
    }

    /// <summary>Polls until <paramref name="read"/> returns a value <paramref name="accept"/> takes, and returns it.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan timeout, string description,
        TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(accept);
        T last = default!;
        await HoldsAsync(async () => accept(last = await read()), timeout, () => Task.FromResult($"{description} (last seen: {last})"),
            pollInterval);
        return last;
    }
}
