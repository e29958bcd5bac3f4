namespace RelicSecurity.Grpc.Tests;

/// <summary>Counts handlers still running, to prove cancelled calls really end on the server.</summary>
public sealed class ActiveCalls
{
    private int _count;
    private int _entered;

    public int Count => Volatile.Read(ref _count);

    public int Entered => Volatile.Read(ref _entered);

    public IDisposable Enter()
    {
        Interlocked.Increment(ref _entered);
        Interlocked.Increment(ref _count);
        return new Exit(this);
    }

    private sealed class Exit(ActiveCalls owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._count);
            }
        }
    }
}
