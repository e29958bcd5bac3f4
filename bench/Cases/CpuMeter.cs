using System.Diagnostics;
using System.Globalization;

namespace RelicSecurity.Bench.Cases;

/// <summary>
/// CPU time spent during a measurement by this process (services, gateway and callers) and by the PostgreSQL server
/// (postmaster and its backends, read from /proc). Latency on a loaded machine says little; CPU per call says what a
/// change saved wherever the load comes from.
/// </summary>
public sealed class CpuMeter(string postgresDataDirectory)
{
    public CpuSample Sample()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSample(self.TotalProcessorTime, PostgresCpu());
    }

    private TimeSpan? PostgresCpu()
    {
        var pidFile = Path.Combine(postgresDataDirectory, "postmaster.pid");
        if (!OperatingSystem.IsLinux() || !File.Exists(pidFile)
            || !int.TryParse(File.ReadLines(pidFile).First(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var postmaster))
        {
            return null;
        }

        // The postmaster and every process whose parent it is (the backends serving the services' connections).
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // Fields after the command name, which is in parentheses and may hold spaces.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster || parent == postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        // Linux reports in clock ticks, 100 a second on every platform .NET runs on.
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}

public readonly record struct CpuSample(TimeSpan Process, TimeSpan? Postgres)
{
    public static string PerCall(CpuSample before, CpuSample after, int calls)
    {
        var process = (after.Process - before.Process).TotalMilliseconds / Math.Max(1, calls);
        var postgres = after.Postgres is { } end && before.Postgres is { } start ? $"{(end - start).TotalMilliseconds / Math.Max(1, calls):F1}" : "?";
        return string.Create(CultureInfo.InvariantCulture, $"{process:F1} + {postgres}");
    }
}
