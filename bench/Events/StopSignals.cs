using System.Runtime.InteropServices;

namespace RelicSecurity.Bench.Events;

/// <summary>
/// SIGINT and SIGTERM cancel the benchmark so it stops its hosts and its private servers on the way out.
/// A second signal while that runs ends the process the default way (the servers' exit handler still stops them).
/// </summary>
public sealed class StopSignals : IDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly PosixSignalRegistration interrupt;
    readonly PosixSignalRegistration terminate;
    int received;

    public StopSignals()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => stop.Token;

    /// <summary>The exit code a shell expects after the signal that stopped the run (128 + its number).</summary>
    public int ExitCode { get; private set; }

    void Handle(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref received) > 1)
        {
            return;
        }

        context.Cancel = true;
        ExitCode = context.Signal == PosixSignal.SIGINT ? 130 : 143;
        Console.Error.WriteLine($"{context.Signal}: stopping the benchmark and its servers");
        stop.Cancel();
    }

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        stop.Dispose();
    }
}
