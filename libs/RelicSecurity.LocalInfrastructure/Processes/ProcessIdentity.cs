namespace RelicSecurity.LocalInfrastructure.Processes;

/// <summary>
/// A process named by PID and kernel start time: a PID alone may be reused by an unrelated
/// process after the original died, the pair never is.
/// </summary>
public sealed record ProcessIdentity(int Pid, long StartTicks)
{
    public bool IsAlive => LinuxProcess.StartTicks(Pid) == StartTicks;

    public static ProcessIdentity? Of(int pid) =>
        LinuxProcess.StartTicks(pid) is { } ticks ? new ProcessIdentity(pid, ticks) : null;

    public static ProcessIdentity Current { get; } =
        Of(Environment.ProcessId) ?? throw new InvalidOperationException("/proc is not readable; LocalInfrastructure needs Linux.");
}
