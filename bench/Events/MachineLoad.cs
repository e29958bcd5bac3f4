namespace RelicSecurity.Bench.Events;

/// <summary>The 1-minute load average: other work on a 2-core machine moves these numbers a lot.</summary>
public static class MachineLoad
{
    public static string Read() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
