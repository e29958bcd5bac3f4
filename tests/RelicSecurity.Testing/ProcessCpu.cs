using System.Globalization;

namespace RelicSecurity.Testing;

/// <summary>
/// CPU time (user + system) of a process tree read from /proc, so the table can say where each call's
/// CPU goes: the bench process (client and service share it) versus the PostgreSQL server and its backends.
/// </summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>CPU seconds of this process alone (without the servers it started).</summary>
    public static double OwnSeconds() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>CPU seconds of <paramref name="rootPid"/> and all its descendants (0 where /proc is missing).</summary>
    public static double TreeSeconds(int rootPid)
    {
        if (rootPid <= 0 || !Directory.Exists("/proc"))
        {
            return 0;
        }

        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));

                // Fields after the command name (which may hold spaces) start after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);

                // utime, stime, cutime, cstime: fields 14-17 of stat, 11-14 here; children that
                // exited and were waited for are in cutime/cstime of their parent.
                ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                    + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        long total = 0;
        foreach (var (pid, own) in ticks)
        {
            for (var p = pid; p > 1; p = parents.GetValueOrDefault(p))
            {
                if (p == rootPid)
                {
                    total += own;
                    break;
                }
            }
        }

        return total / TicksPerSecond;
    }
}
