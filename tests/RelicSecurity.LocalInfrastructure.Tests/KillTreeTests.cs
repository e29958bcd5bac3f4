using System.Diagnostics;
using RelicSecurity.LocalInfrastructure.Processes;
using Shouldly;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

public sealed class KillTreeTests
{
    [Fact]
    public async Task Kill_tree_returns_only_when_the_process_and_all_its_descendants_are_gone()
    {
        // A root with grandchildren, like a postmaster with its backends. One grandchild holds 1 GiB of
        // touched memory, which takes the kernel a while to tear down after SIGKILL: that is the window
        // in which a dying PostgreSQL backend still holds the shared memory a restart needs.
        const string holdMemory = "python3 -c 'import time; b = bytes(1 << 30) + bytes(1); time.sleep(300)'";
        using var root = Process.Start(new ProcessStartInfo("sh", ["-c", $"({holdMemory} & sleep 300 & wait) & sleep 300 & wait"])
        {
            UseShellExecute = false,
        })!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!MemoryHolderIsReady(root.Id) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        var tree = LinuxProcess.Descendants(root.Id).Append(root.Id).Select(ProcessIdentity.Of).OfType<ProcessIdentity>().ToList();
        tree.Count.ShouldBeGreaterThanOrEqualTo(5);

        LinuxProcess.KillTree(root.Id);

        tree.Where(p => p.IsAlive).Select(p => p.Pid).ShouldBeEmpty();
    }

    private static bool MemoryHolderIsReady(int root) =>
        LinuxProcess.Descendants(root).Any(pid => LinuxProcess.CommandLine(pid).Contains("python3", StringComparison.Ordinal) && ResidentBytes(pid) > 1L << 30);

    private static long ResidentBytes(int pid)
    {
        try
        {
            var pages = File.ReadAllText($"/proc/{pid}/statm").Split(' ')[1];
            return long.Parse(pages, System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
