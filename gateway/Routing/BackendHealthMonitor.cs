using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Grpc;
using RelicSecurity.Grpc.Health;
using RelicSecurity.Grpc.Health.V1;
using ServingStatus = RelicSecurity.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RelicSecurity.Gateway.Routing;

/// <summary>
/// The gateway's grpc.health.v1 answers for the services it forwards: each backend's own health
/// Check ("" = the whole server) is polled, and every service of that backend is SERVING or
/// NOT_SERVING accordingly, so a health probe at the public address tells whether SiteService
/// would answer there.
/// </summary>
public sealed partial class BackendHealthMonitor(
    IReadOnlyList<ForwardedBackend> backends,
    GrpcHealthStatus health,
    ILogger<BackendHealthMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CheckDeadline = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channels = backends.ToDictionary(b => b, b => GrpcChannel.ForAddress(b.Address));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.WhenAll(backends.Select(b => CheckAsync(b, channels[b], stoppingToken)));
                await Task.Delay(Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            foreach (var channel in channels.Values)
            {
                channel.Dispose();
            }
        }
    }

    private async Task CheckAsync(ForwardedBackend backend, GrpcChannel channel, CancellationToken stoppingToken)
    {
        ServingStatus status;
        try
        {
            var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow + CheckDeadline, cancellationToken: stoppingToken);
            status = response.Status == ServingStatus.Serving ? ServingStatus.Serving : ServingStatus.NotServing;
        }
        catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogBackendUnhealthy(logger, backend.Backend.Name, ex.StatusCode);
            status = ServingStatus.NotServing;
        }

        if (health.IsShuttingDown)
        {
            return;
        }

        foreach (var service in backend.Backend.Services)
        {
            health.SetStatus(service.FullName, status);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Backend {Backend} health check failed: {Status}")]
    private static partial void LogBackendUnhealthy(ILogger logger, string backend, StatusCode status);
}
