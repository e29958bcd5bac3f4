using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ServingStatus = RelicSecurity.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RelicSecurity.Grpc;

/// <summary>Which ASP.NET health checks decide which gRPC service's status.</summary>
public sealed class GrpcHealthCheckOptions
{
    /// <summary>
    /// Service name → filter over registrations. The service is SERVING when every selected check is
    /// Healthy or Degraded. "" (the whole server) uses all checks unless mapped here.
    /// </summary>
    public IDictionary<string, Func<HealthReportEntryInfo, bool>> Services { get; } = new Dictionary<string, Func<HealthReportEntryInfo, bool>>(StringComparer.Ordinal);
}

/// <summary>A health check result as the filter sees it.</summary>
public sealed record HealthReportEntryInfo(string Name, IReadOnlyCollection<string> Tags);

/// <summary>Publishes ASP.NET health check results into <see cref="GrpcHealthStatus"/> (runs on the health check publisher schedule).</summary>
public sealed class GrpcHealthCheckPublisher(GrpcHealthStatus health, IOptions<GrpcHealthCheckOptions> options) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var services = options.Value.Services;
        if (!services.ContainsKey(""))
        {
            health.SetStatus("", Status(report.Entries.Values));
        }

        foreach (var (service, filter) in services)
        {
            var selected = report.Entries
                .Where(e => filter(new HealthReportEntryInfo(e.Key, e.Value.Tags.ToList())))
                .Select(e => e.Value);
            health.SetStatus(service, Status(selected));
        }

        return Task.CompletedTask;
    }

    private static ServingStatus Status(IEnumerable<HealthReportEntry> entries) =>
        entries.All(e => e.Status != HealthStatus.Unhealthy) ? ServingStatus.Serving : ServingStatus.NotServing;
}
