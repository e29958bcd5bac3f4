using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Grpc.Net.Client;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.Gateway.Status;
using RelicSecurity.Testing;

namespace RelicSecurity.Gateway.Tests.Status;

/// <summary>
/// The real gateway (production wiring) with the status projection on the test run's Redis and RabbitMQ, under a key
/// prefix of its own, on a free loopback port, trusting this run's test tokens, with StatusService clients.
/// </summary>
public sealed class StatusGatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private StatusGatewayHost(WebApplication app)
    {
        _app = app;
        _channel = GrpcChannel.ForAddress(app.Urls.Single());
        Client = ClientFor(TestTokens.National());
    }

    /// <summary>A client calling as the national working group.</summary>
    public StatusService.StatusServiceClient Client { get; }

    /// <summary>A client that sends no token.</summary>
    public StatusService.StatusServiceClient Anonymous => new(_channel);

    public StatusService.StatusServiceClient ClientFor(string token) => new(_channel.WithToken(token));

    public GrpcChannel Channel => _channel;

    public IServiceProvider Services => _app.Services;

    public static async Task<StatusGatewayHost> StartAsync(LocalServersFixture servers, string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var app = await GatewayApplication.StartOnLoopbackAsync(
            new Dictionary<string, string?>(TestTokens.Settings)
            {
                ["ConnectionStrings:redis"] = servers.Redis.ConnectionString,
                ["ConnectionStrings:eventbus"] = servers.RabbitMq.ConnectionString,
                [StatusServiceExtensions.KeyPrefixSetting] = keyPrefix,
            },
            builder =>
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
                builder.Logging.AddFilter("MassTransit", LogLevel.Error);
            });
        var host = new StatusGatewayHost(app);
        // Events published before the projection's queues are bound would be routed nowhere.
        var bus = app.Services.GetRequiredService<IBusControl>();
        await Eventually.HoldsAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(60),
            "the gateway's projection consumers are ready");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
