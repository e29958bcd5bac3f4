using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.ServiceDefaults.Security;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RelicSecurity.Gateway.Routing;

/// <summary>
/// The gateway's grpc.health.v1 answers for the services it forwards: each backend's own health
/// Check ("" = the whole server) is polled, and every service of that backend is SERVING or
/// NOT_SERVING accordingly, so a health probe at the public address tells whether SiteService
/// would answer there. Once the gateway starts to stop, everything it serves is NOT_SERVING.
/// </summary>
public sealed partial class BackendHealthMonitor(
    IReadOnlyList<ForwardedBackend> backends,
    HealthServiceImpl health,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<BackendHealthMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CheckDeadline = TimeSpan.FromSeconds(2);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        health.SetStatus("", ServingStatus.Serving);
        lifetime.ApplicationStopping.Register(MarkAllNotServing);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The same trust for https backends as the proxy's, so a backend served over TLS is not reported down.
        var channels = backends.ToDictionary(b => b, b => GrpcChannel.ForAddress(b.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true }.TrustingSuiteCertificates(configuration),
            DisposeHttpClient = true,
        }));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.WhenAll(backends.Select(b => CheckAsync(b, channels[b], stoppingToken)));
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (Exception e) when (stoppingToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Shutting down. A health check in flight ends as CANCELLED, not as an OperationCanceledException:
            // let through, it failed the background service and logged a critical "stopping the host" at every shutdown.
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
                deadline: time.GetUtcNow().UtcDateTime + CheckDeadline, cancellationToken: stoppingToken);
            status = response.Status == ServingStatus.Serving ? ServingStatus.Serving : ServingStatus.NotServing;
        }
        catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogBackendUnhealthy(logger, backend.Backend.Name, ex.StatusCode);
            status = ServingStatus.NotServing;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        foreach (var service in backend.Backend.Services)
        {
            health.SetStatus(service.FullName, status);
        }
    }

    private void MarkAllNotServing()
    {
        health.SetStatus("", ServingStatus.NotServing);
        foreach (var service in backends.SelectMany(b => b.Backend.Services))
        {
            health.SetStatus(service.FullName, ServingStatus.NotServing);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Backend {Backend} health check failed: {Status}")]
    private static partial void LogBackendUnhealthy(ILogger logger, string backend, StatusCode status);
}
