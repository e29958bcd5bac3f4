namespace RelicSecurity.LocalInfrastructure.Processes;

/// <summary>A server process as recorded in the state file: enough to find and stop it from another process.</summary>
public sealed record TrackedProcess(string Role, int Pid, long StartTicks, int StopSignal, bool Companion)
{
    public ProcessIdentity Identity => new(Pid, StartTicks);
}
