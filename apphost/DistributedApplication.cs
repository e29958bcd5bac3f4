using System.Diagnostics;
using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.AppHost;

/// <summary>
/// Holds the resource graph declared in Program.cs and runs it: infrastructure, databases, then each
/// project once the projects it waits for are healthy; on Ctrl+C or SIGTERM everything stops in reverse.
/// </summary>
internal sealed class DistributedApplication(AppHostOptions options)
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(120);

    private readonly List<ProjectResource> projects = [];
    private readonly ConsoleLog log = new();
    private InfrastructureResource? infrastructure;

    public InfrastructureResource AddInfrastructure() => infrastructure = new InfrastructureResource();

    /// <param name="port">A fixed port, or 0 (the default) for a free one.</param>
    public ProjectResource AddProject(string name, string project, int port = 0)
    {
        var resource = new ProjectResource(name, project, port == 0 ? PortAllocator.FreePort() : port);
        projects.Add(resource);
        return resource;
    }

    public async Task<int> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var infra = infrastructure ?? throw new InvalidOperationException("AddInfrastructure() first.");
        var started = new List<ChildProcess>();
        var registry = new ChildRegistry(options.DataDirectory);
        using var shutdown = new ShutdownSignal();
        var exitCode = 0;
        try
        {
            await PrepareDataDirectoryAsync(registry);
            log.Info($"starting PostgreSQL, Redis and RabbitMQ in {options.DataDirectory}");
            infra.Host = await LocalInfrastructureHost.StartAsync(new LocalInfrastructureOptions(options.DataDirectory), shutdown.Token);
            foreach (var database in infra.Databases)
            {
                await infra.Host.Postgres.EnsureDatabaseAsync(database.Database, shutdown.Token);
            }
            log.Info($"infrastructure ready in {clock.Elapsed.TotalSeconds:0.0} s");

            var running = options.InfrastructureOnly ? [] : projects;
            await StartProjectsAsync(running, started, registry, shutdown.Token);
            log.Plain(EndpointTable.Render(infra, running, options.DataDirectory, clock.Elapsed));

            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            // Stopped while starting: fall through to the orderly stop.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.Error($"start failed: {e.Message}");
            exitCode = 1;
        }
        finally
        {
            await StopAsync(started, registry, infra);
        }
        return exitCode;
    }

    private async Task PrepareDataDirectoryAsync(ChildRegistry registry)
    {
        Directory.CreateDirectory(options.DataDirectory);
        await registry.StopLeftoversAsync(log);
        if (options.Fresh)
        {
            log.Info($"--fresh: wiping {options.DataDirectory}");
            foreach (var state in Directory.EnumerateFiles(options.DataDirectory, ServerState.FileName, SearchOption.AllDirectories))
            {
                await LocalServer.StopLeftoversAsync(Path.GetDirectoryName(state)!);
            }
            Directory.Delete(options.DataDirectory, recursive: true);
            Directory.CreateDirectory(options.DataDirectory);
        }
    }

    /// <summary>Starts each project as soon as everything it waits for is healthy.</summary>
    private async Task StartProjectsAsync(
        IReadOnlyList<ProjectResource> toStart, List<ChildProcess> started, ChildRegistry registry, CancellationToken ct)
    {
        var layout = RepositoryLayout.Discover();
        var assemblies = toStart.ToDictionary(p => p, p => layout.AssemblyOf(p.Project));
        // One key pair per data directory: tokens from "relicctl token" stay valid across restarts.
        var signingKey = LocalSigningKey.LoadOrCreate(options.DataDirectory);
        var healthy = new Dictionary<ProjectResource, Task>();
        foreach (var project in toStart)
        {
            healthy[project] = StartWhenReadyAsync(project);
        }
        await Task.WhenAll(healthy.Values);

        async Task StartWhenReadyAsync(ProjectResource project)
        {
            await Task.WhenAll(project.Dependencies.Where(healthy.ContainsKey).Select(d => healthy[d]));
            ct.ThrowIfCancellationRequested();
            log.Info($"starting {project.Name} on {project.Url}");
            var environment = project.Environment(toStart);
            foreach (var (name, value) in signingKey.ServiceEnvironment)
            {
                environment[name] = value;
            }
            var child = ChildProcess.Start(project.Name, assemblies[project], environment, log);
            lock (started)
            {
                started.Add(child);
            }
            registry.Add(child, project.Port);
            var clock = Stopwatch.StartNew();
            await HealthProbe.WaitUntilHealthyAsync(project, child, HealthTimeout, ct);
            log.Info($"{project.Name} is healthy ({clock.Elapsed.TotalSeconds:0.0} s)");
        }
    }

    private async Task StopAsync(List<ChildProcess> started, ChildRegistry registry, InfrastructureResource infra)
    {
        var clock = Stopwatch.StartNew();
        // Dependents first: the reverse of the start order.
        for (var i = started.Count - 1; i >= 0; i--)
        {
            log.Info($"stopping {started[i].Name}");
            await started[i].StopAsync();
            started[i].Dispose();
        }
        registry.Clear();
        if (infra.HasHost)
        {
            log.Info("stopping RabbitMQ, Redis and PostgreSQL");
            await infra.Host.StopAsync();
        }
        log.Info($"stopped in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
