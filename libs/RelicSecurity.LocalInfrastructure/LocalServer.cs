using System.Collections.Concurrent;
using System.Diagnostics;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.LocalInfrastructure;

/// <summary>
/// One private server (its processes, ports and data directory) and its life cycle:
/// start (after stopping leftovers of a dead owner), stop, SIGKILL for chaos tests, restart on the same port.
/// </summary>
public abstract class LocalServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<LocalServer, byte> Running = new();

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<(Process Process, TrackedProcess Tracked)> processes = [];
    private Dictionary<string, int> ports = [];

    static LocalServer()
    {
        // An owner that exits without stopping its servers (an unhandled exception, a test host
        // tearing down) still takes them along; only SIGKILL leaves orphans, for the next start.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in Running.Keys)
            {
                server.StopAllProcessesAsync().GetAwaiter().GetResult();
            }
        };
    }

    private protected LocalServer(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
    }

    /// <summary>The directory holding this server's data, logs and state file.</summary>
    public string DataDirectory { get; }

    /// <summary>"postgres", "redis" or "rabbitmq".</summary>
    public abstract string Kind { get; }

    /// <summary>The port clients connect to.</summary>
    public int Port => ports[PrimaryPortName];

    /// <summary>Every port the server uses, by name (RabbitMQ has three).</summary>
    public IReadOnlyDictionary<string, int> Ports => ports;

    /// <summary>PID of the server process itself (not of a wrapper).</summary>
    public int ProcessId => MainProcess?.Tracked.Pid ?? 0;

    /// <summary>The processes started and not yet stopped (companions such as epmd included).</summary>
    public IReadOnlyList<TrackedProcess> Processes => [.. processes.Select(p => p.Tracked)];

    public bool IsRunning => MainProcess is { } main && main.Tracked.Identity.IsAlive;

    /// <summary>How long the last start took until the server answered.</summary>
    public TimeSpan StartupTime { get; private set; }

    private protected abstract string PrimaryPortName { get; }

    private protected abstract IReadOnlyList<string> PortNames { get; }

    private (Process Process, TrackedProcess Tracked)? MainProcess =>
        processes.LastOrDefault(p => !p.Tracked.Companion) is { Process: not null } found ? found : null;

    /// <summary>Starts the server's processes on <see cref="Ports"/> and returns when it answers requests.</summary>
    private protected abstract Task LaunchAsync(CancellationToken ct);

    /// <summary>
    /// Whether the server answers its own protocol right now (a login for PostgreSQL, PING for Redis, the
    /// AMQP handshake for RabbitMQ): the readiness check of the app host's resources.
    /// </summary>
    public abstract Task<bool> AnswersAsync(CancellationToken ct);

    /// <summary>Stops the server cleanly (waiting for it to flush) and frees its ports.</summary>
    public async Task StopAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopAllProcessesAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>SIGKILLs the server process and its children, as a crash would; companions survive.</summary>
    public void Kill()
    {
        gate.Wait();
        try
        {
            foreach (var entry in processes.Where(p => !p.Tracked.Companion).ToList())
            {
                LinuxProcess.KillTree(entry.Tracked.Pid);
                entry.Process.WaitForExit(TimeSpan.FromSeconds(10));
                entry.Process.Dispose();
                processes.Remove(entry);
            }
            WriteState();
            Running.TryRemove(this, out _);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Starts the server again on the same ports and data directory (after <see cref="Kill"/> or <see cref="StopAsync"/>).</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                await StopAllProcessesAsync().ConfigureAwait(false);
            }
            await TimedLaunchAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The gate stays undisposed: disposing twice, or after StopAsync, must stay harmless.
        await StopAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Finds the processes a dead owner left running in <paramref name="dataDirectory"/> and stops them
    /// (cleanly first, SIGKILL after a timeout). Throws when a living process still owns them.
    /// </summary>
    public static async Task<IReadOnlyList<TrackedProcess>> StopLeftoversAsync(string dataDirectory)
    {
        var previous = ServerState.TryRead(dataDirectory);
        if (previous is null)
        {
            return [];
        }
        var alive = previous.Processes.Where(p => p.Identity.IsAlive).ToList();
        if (alive.Count == 0)
        {
            return [];
        }
        if (previous.Owner.IsAlive)
        {
            throw new DataDirectoryInUseException(dataDirectory, previous.OwnerPid);
        }
        // Main processes first, companions (epmd) last: the reverse of how they started.
        foreach (var leftover in alive.Where(p => !p.Companion).Concat(alive.Where(p => p.Companion)))
        {
            LinuxProcess.Signal(leftover.Pid, leftover.StopSignal);
            if (!await LinuxProcess.WaitForExitAsync(leftover.Identity, StopTimeout).ConfigureAwait(false))
            {
                LinuxProcess.KillTree(leftover.Pid);
                await LinuxProcess.WaitForExitAsync(leftover.Identity, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        previous.WithoutProcesses().Write(dataDirectory);
        return alive;
    }

    /// <summary>First start in a data directory: clears leftovers, reuses the ports recorded there when free.</summary>
    private protected async Task StartInitialAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(DataDirectory);
        await StopLeftoversAsync(DataDirectory).ConfigureAwait(false);
        var recorded = ServerState.TryRead(DataDirectory)?.Ports;
        ports = recorded is not null && PortNames.All(name => recorded.TryGetValue(name, out var port) && PortAllocator.IsFree(port))
            ? PortNames.ToDictionary(name => name, name => recorded[name])
            : AllocatePorts();
        foreach (var port in ports.Values)
        {
            PortAllocator.Reserve(port);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TimedLaunchAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                KillAll();
                // Another process may have taken a port between choosing and binding it: try fresh ones.
                if (attempt >= 3 || PortNames.All(name => PortAllocator.IsFree(ports[name])))
                {
                    throw;
                }
                ports = AllocatePorts();
            }
            catch (OperationCanceledException)
            {
                KillAll();
                throw;
            }
        }
    }

    /// <summary>Starts one process of this server and records it in the state file before anything waits on it.</summary>
    private protected TrackedProcess StartProcess(LaunchSpec spec)
    {
        var (process, tracked) = ProcessLauncher.Start(spec);
        processes.Add((process, tracked));
        Running[this] = 0;
        WriteState();
        return tracked;
    }

    private protected bool IsCompanionRunning(string role) =>
        processes.Any(p => p.Tracked.Role == role && p.Tracked.Identity.IsAlive);

    private protected string LogFile(string role) => Path.Combine(DataDirectory, role + ".log");

    /// <summary>
    /// Polls <paramref name="probe"/> until it succeeds; fails fast with the log tail when the process dies.
    /// </summary>
    private protected async Task WaitUntilReadyAsync(
        TrackedProcess process, Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (!process.Identity.IsAlive)
            {
                throw new ServerStartException($"{Kind} ({process.Role}, pid {process.Pid}) exited while starting.{LogTail(process.Role)}");
            }
            if (await probe(ct).ConfigureAwait(false))
            {
                return;
            }
            if (deadline.Elapsed > timeout)
            {
                throw new ServerStartException($"{Kind} ({process.Role}) was not ready after {timeout.TotalSeconds:0} s.{LogTail(process.Role)}");
            }
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }

    private protected string LogTail(string role)
    {
        var path = LogFile(role);
        if (!File.Exists(path))
        {
            return "";
        }
        var lines = File.ReadLines(path).TakeLast(25);
        return $"{Environment.NewLine}--- last lines of {path} ---{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }

    private async Task TimedLaunchAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await LaunchAsync(ct).ConfigureAwait(false);
        StartupTime = clock.Elapsed;
    }

    private Dictionary<string, int> AllocatePorts()
    {
        var chosen = new Dictionary<string, int>();
        foreach (var name in PortNames)
        {
            int port;
            do
            {
                port = PortAllocator.FreePort();
            }
            while (chosen.ContainsValue(port));
            chosen[name] = port;
        }
        return chosen;
    }

    private async Task StopAllProcessesAsync()
    {
        if (processes.Count == 0)
        {
            return;
        }
        // Main processes in reverse start order, companions last (RabbitMQ needs its epmd to stop cleanly).
        var order = processes.Where(p => !p.Tracked.Companion).Reverse()
            .Concat(processes.Where(p => p.Tracked.Companion).Reverse()).ToList();
        foreach (var (process, tracked) in order)
        {
            if (tracked.Identity.IsAlive)
            {
                LinuxProcess.Signal(tracked.Pid, tracked.StopSignal);
                using var timeout = new CancellationTokenSource(StopTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    LinuxProcess.KillTree(tracked.Pid);
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            process.Dispose();
        }
        processes.Clear();
        Running.TryRemove(this, out _);
        if (ports.Count > 0)
        {
            WriteState();
        }
    }

    private void KillAll()
    {
        foreach (var (process, tracked) in processes)
        {
            LinuxProcess.KillTree(tracked.Pid);
            process.WaitForExit(TimeSpan.FromSeconds(10));
            process.Dispose();
        }
        processes.Clear();
        Running.TryRemove(this, out _);
        WriteState();
    }

    private void WriteState() =>
        new ServerState(Kind, ProcessIdentity.Current.Pid, ProcessIdentity.Current.StartTicks, ports, Processes).Write(DataDirectory);
}
