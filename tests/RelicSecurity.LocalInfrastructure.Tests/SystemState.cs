using System.Globalization;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>What the kernel says is running: listening TCP ports and processes, read from /proc.</summary>
internal static class SystemState
{
    private const string Listen = "0A";

    public static IReadOnlySet<int> ListeningPorts()
    {
        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // "  sl  local_address rem_address   st ..." with addresses as HEXIP:HEXPORT.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == Listen)
                {
                    var local = fields[1];
                    ports.Add(int.Parse(local[(local.IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }
        return ports;
    }

    /// <summary>Living processes whose command line mentions <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> ProcessesMentioning(string text) =>
        LinuxProcess.AllPids()
            .Where(pid => pid != Environment.ProcessId && LinuxProcess.StartTicks(pid) is not null)
            .Where(pid => LinuxProcess.CommandLine(pid).Contains(text, StringComparison.Ordinal))
            .ToList();
}
