namespace RelicSecurity.Grpc.Tests;

/// <summary>Holds every arriving call until <paramref name="participants"/> calls are in progress at once.</summary>
public sealed class ConcurrencyBarrier(int participants)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public int Arrived => Volatile.Read(ref _arrived);

    public Task ArriveAndWaitAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) >= participants)
        {
            _all.TrySetResult();
        }

        return _all.Task.WaitAsync(cancellationToken);
    }
}
