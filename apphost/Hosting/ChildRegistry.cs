using RelicSecurity.LocalInfrastructure;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.AppHost;

/// <summary>
/// The app host's own children, recorded in the data directory the way the servers record theirs:
/// services left running by a SIGKILLed app host are stopped by the next start.
/// </summary>
internal sealed class ChildRegistry(string dataDirectory)
{
    private readonly string directory = Path.Combine(dataDirectory, "apphost");
    private readonly List<TrackedProcess> children = [];
    private readonly Dictionary<string, int> ports = [];
    private readonly Lock updating = new();

    public async Task StopLeftoversAsync(ConsoleLog log)
    {
        foreach (var leftover in await LocalServer.StopLeftoversAsync(directory))
        {
            log.Info($"stopped {leftover.Role} (pid {leftover.Pid}) left running by an earlier app host");
        }
    }

    public void Add(ChildProcess child, int port)
    {
        lock (updating)
        {
            children.Add(child.Tracked);
            ports[child.Name] = port;
            Write();
        }
    }

    /// <summary>Records that every child stopped; a no-op when this app host started none (the file may be another's).</summary>
    public void Clear()
    {
        lock (updating)
        {
            if (children.Count == 0)
            {
                return;
            }
            children.Clear();
            Write();
        }
    }

    private void Write()
    {
        Directory.CreateDirectory(directory);
        var owner = ProcessIdentity.Current;
        new ServerState("apphost", owner.Pid, owner.StartTicks, ports, [.. children]).Write(directory);
    }
}
