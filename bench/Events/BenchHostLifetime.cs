using Microsoft.Extensions.Hosting;

namespace RelicSecurity.Bench.Events;

/// <summary>
/// The benchmark's hosts leave signals to <see cref="StopSignals"/>: a console lifetime would swallow
/// SIGINT/SIGTERM (it only flags the host as stopping), and the run would go on.
/// </summary>
public sealed class BenchHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
