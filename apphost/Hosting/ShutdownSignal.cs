using System.Runtime.InteropServices;

namespace RelicSecurity.AppHost;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM asks for an orderly stop; a second one while stopping ends the app
/// host at once (whatever it leaves running is stopped by the next start).
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource requested = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;

    public ShutdownSignal()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => requested.Token;

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        requested.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = !requested.IsCancellationRequested;
        requested.Cancel();
    }
}
