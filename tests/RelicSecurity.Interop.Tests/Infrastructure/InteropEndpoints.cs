using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.Gateway.Routing;
using RelicSecurity.Interop.Service;
using RelicSecurity.Interop.V1;
using RelicSecurity.ServiceDefaults;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

namespace RelicSecurity.Interop.Tests.Infrastructure;

/// <summary>
/// The suite's real public endpoint for the peers to call: the gateway with its production wiring,
/// forwarding to the real Sites service and to the interop service (hosted on Grpc.AspNetCore with the
/// suite's ServiceDefaults, like every suite service), each in this process on a free loopback port.
/// </summary>
public sealed class InteropEndpoints : IAsyncDisposable
{
    public const string InteropBackend = "interop";

    /// <summary>Open calls at the end of a run must not hold shutdown for the default 30 s.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    private readonly WebApplication _interop;
    private readonly WebApplication? _sites;
    private readonly WebApplication _gateway;

    private InteropEndpoints(WebApplication interop, WebApplication? sites, WebApplication gateway)
    {
        _interop = interop;
        _sites = sites;
        _gateway = gateway;
        GatewayPort = new Uri(gateway.Urls.Single()).Port;
    }

    public int GatewayPort { get; }

    /// <summary>host:port as grpcio and grpc-js take it.</summary>
    public string GatewayTarget => $"127.0.0.1:{GatewayPort}";

    /// <summary>Starts the interop service, Sites (when <paramref name="servers"/> are given) and the gateway in front of both.</summary>
    public static async Task<InteropEndpoints> StartAsync(LocalServersFixture? servers)
    {
        var interop = await StartInteropServiceAsync();
        WebApplication? sites = null;
        if (servers is not null)
        {
            sites = await SitesApplication.StartOnLoopbackAsync(await servers.CreateDatabaseAsync("interop_sites"),
                servers.Redis.ConnectionString, servers.RabbitMq.ConnectionString,
                builder =>
                {
                    TestTokens.Trust(builder.Configuration);
                    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                });
        }

        var gateway = await StartGatewayAsync(interop.Urls.Single(), sites?.Urls.Single());
        return new InteropEndpoints(interop, sites, gateway);
    }

    /// <summary>Graceful shutdown of the interop service, as on SIGTERM, while the gateway stays up.</summary>
    public Task StopInteropServiceAsync() => _interop.StopAsync();

    /// <summary>Graceful shutdown of the Sites service while the gateway stays up.</summary>
    public Task StopSitesAsync() => _sites?.StopAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        if (_sites is not null)
        {
            await _sites.DisposeAsync();
        }

        await _interop.DisposeAsync();
    }

    private static async Task<WebApplication> StartInteropServiceAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        TestTokens.Trust(builder.Configuration);
        builder.AddInteropService();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        var app = builder.Build();
        app.MapInteropService();
        await app.StartAsync();
        return app;
    }

    /// <summary>The gateway as the app host configures it (ReverseProxy__Clusters__&lt;name&gt;__...), with the interop backend added.</summary>
    private static Task<WebApplication> StartGatewayAsync(string interopAddress, string? sitesAddress)
    {
        var settings = new Dictionary<string, string?>(TestTokens.Settings)
        {
            [$"ReverseProxy:Clusters:{InteropBackend}:Destinations:primary:Address"] = interopAddress,
        };
        if (sitesAddress is not null)
        {
            settings["ReverseProxy:Clusters:sites:Destinations:primary:Address"] = sitesAddress;
        }

        return InProcessHost.StartOnLoopbackAsync(settings,
            builder => GatewayApplication.Build(builder, [.. SuiteBackends.All, new SuiteBackend(InteropBackend, [InteropReflection.Descriptor.Services[0]])]),
            builder =>
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                builder.Logging.SetMinimumLevel(LogLevel.Error);
            });
    }
}
