using System.Globalization;
using System.Runtime.InteropServices;

namespace RelicSecurity.LocalInfrastructure.Processes;

/// <summary>What .NET's Process class lacks on Linux: any signal, start times and the process tree from /proc.</summary>
public static partial class LinuxProcess
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>Sends a signal; false when the process no longer exists.</summary>
    public static bool Signal(int pid, int signal) => SendSignal(pid, signal) == 0;

    /// <summary>Kernel start time (clock ticks since boot), or null for a missing or zombie process.</summary>
    public static long? StartTicks(int pid)
    {
        var fields = StatFields(pid);
        if (fields is null || fields[0] == "Z" || fields[0] == "X")
        {
            return null;
        }
        // Fields after the command name start at field 3 (state); starttime is field 22.
        return long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    public static int? ParentPid(int pid) =>
        StatFields(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : null;

    /// <summary>All living processes whose parent chain leads to <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var other in AllPids())
        {
            if (StatFields(other) is { } fields && fields[0] != "Z")
            {
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }
                list.Add(other);
            }
        }
        var result = new List<int>();
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var current))
        {
            if (children.TryGetValue(current, out var list))
            {
                foreach (var child in list)
                {
                    result.Add(child);
                    pending.Push(child);
                }
            }
        }
        return result;
    }

    /// <summary>The direct children of a process (living ones).</summary>
    public static IReadOnlyList<int> Children(int pid) =>
        AllPids().Where(other => StatFields(other) is { } f && f[0] != "Z" && f[1] == pid.ToString(CultureInfo.InvariantCulture)).ToList();

    public static IEnumerable<int> AllPids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>The command line of a process, arguments joined by spaces ("" when unreadable).</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>
    /// SIGKILLs a process and everything below it (children first looked up, so none escapes to init),
    /// and returns once every one of them is gone. A SIGKILLed process is not gone at once: until the kernel
    /// has torn it down it still holds what it had attached — PostgreSQL refuses to start on a data directory
    /// whose shared memory a dying backend still holds — so a restart right after a kill must wait for all of them.
    /// </summary>
    public static void KillTree(int pid, TimeSpan? waitForExit = null)
    {
        // Freeze the root first so it cannot fork while its tree is read.
        Signal(pid, SigStop);
        var tree = Descendants(pid).Append(pid).Select(ProcessIdentity.Of).OfType<ProcessIdentity>().ToList();
        foreach (var child in tree.Where(p => p.Pid != pid))
        {
            Signal(child.Pid, SigKill);
        }
        Signal(pid, SigKill);

        var deadline = DateTime.UtcNow + (waitForExit ?? TimeSpan.FromSeconds(10));
        while (tree.Any(p => p.IsAlive) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
    }

    private const int SigStop = 19;

    /// <summary>Polls until the process is gone (reaped or a zombie) or the timeout passes.</summary>
    public static async Task<bool> WaitForExitAsync(ProcessIdentity process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (process.IsAlive)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
        return true;
    }

    private static string[]? StatFields(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // The command name is in parentheses and may itself contain spaces or parentheses.
        var end = stat.LastIndexOf(')');
        return end < 0 ? null : stat[(end + 2)..].Split(' ');
    }
}
