using Microsoft.Extensions.Hosting;
using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.AppHost.Infrastructure;

/// <summary>
/// The servers this app host started. They stop after everything else has: <see cref="StoppedAsync"/>
/// runs once the orchestrator has stopped the services, so no service loses its database mid-shutdown.
/// </summary>
internal sealed class LocalServers : IHostedLifecycleService
{
    private readonly List<LocalServer> started = [];
    private readonly Lock updating = new();

    public void Add(LocalServer server)
    {
        lock (updating)
        {
            started.Add(server);
        }
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        LocalServer[] servers;
        lock (updating)
        {
            servers = [.. started];
            started.Clear();
        }
        // None depends on another: in parallel (RabbitMQ takes the longest, a few seconds).
        await Task.WhenAll(servers.Select(server => server.StopAsync()));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
