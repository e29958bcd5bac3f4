using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace RelicSecurity.ServiceDefaults.Grpc;

/// <summary>
/// Unhealthy from the moment the host begins to stop. Kestrel keeps answering while it drains, and a
/// load balancer or the gateway that asks grpc.health.v1 in that window must hear NOT_SERVING, not
/// SERVING from a process that is about to go away.
/// </summary>
public sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "shutdown";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("the process is shutting down")
            : HealthCheckResult.Healthy());
}
