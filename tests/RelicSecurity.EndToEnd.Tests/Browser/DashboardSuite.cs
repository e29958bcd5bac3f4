using System.Globalization;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Cases.Extensions;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.Testing;

namespace RelicSecurity.EndToEnd.Tests.Browser;

/// <summary>
/// Real Sites and Cases services and the real gateway with its status projection and national dashboard page
/// (Dashboard:Url on a free port), on the test run's servers.
/// </summary>
internal sealed class DashboardSuite : IAsyncDisposable
{
    private readonly WebApplication _sites;
    private readonly WebApplication _cases;
    private readonly WebApplication _gateway;

    private DashboardSuite(WebApplication sites, WebApplication cases, WebApplication gateway, Uri page, GrpcChannel channel)
    {
        _sites = sites;
        _cases = cases;
        _gateway = gateway;
        Page = page;
        Channel = channel;
    }

    /// <summary>The dashboard page (HTTP/1.1).</summary>
    public Uri Page { get; }

    /// <summary>The gateway's gRPC endpoint (HTTP/2).</summary>
    public GrpcChannel Channel { get; }

    public static async Task<DashboardSuite> StartAsync(LocalServersFixture servers)
    {
        var sites = await SuiteHosts.StartSitesAsync(servers);
        var sitesAddress = sites.Urls.Single();
        var cases = await CasesApplication.StartOnLoopbackAsync(await servers.CreateDatabaseAsync("e2e_cases"), servers.RabbitMq.ConnectionString,
            sitesAddress, builder => TestTokens.Trust(builder.Configuration));
        var pagePort = PortAllocator.FreePort();
        var gateway = await SuiteHosts.StartGatewayAsync(sitesAddress, settings: new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = cases.Urls.Single(),
            ["ConnectionStrings:redis"] = servers.Redis.ConnectionString,
            ["ConnectionStrings:eventbus"] = servers.RabbitMq.ConnectionString,
            ["Status:KeyPrefix"] = $"e2e:{Guid.NewGuid():N}:",
            ["Dashboard:Url"] = $"http://127.0.0.1:{pagePort}",
        });
        // Events published before the projection's queues are bound would be routed nowhere.
        var bus = gateway.Services.GetRequiredService<IBusControl>();
        await Eventually.HoldsAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(60),
            "the gateway's projection consumers are ready");
        var port = pagePort.ToString(CultureInfo.InvariantCulture);
        var grpc = gateway.Urls.Single(u => !u.EndsWith(":" + port, StringComparison.Ordinal));
        return new DashboardSuite(sites, cases, gateway, new Uri($"http://127.0.0.1:{port}/"), GrpcChannel.ForAddress(grpc));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        foreach (var app in new[] { _gateway, _cases, _sites })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
