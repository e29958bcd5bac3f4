using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Sites.Risk;
using RelicSecurity.Cases.Extensions;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.Inspections.Extensions;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>The Sites service and the gateway with their production wiring, each on a free loopback port.</summary>
internal static class SuiteHosts
{
    /// <summary>Streams still open through the proxy at the end of a test must not hold its shutdown for the default 30 s.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    public static async Task WaitForWatchersAsync(WebApplication sites, int count, CancellationToken cancellationToken)
    {
        var hub = sites.Services.GetRequiredService<RiskUpdateHub>();
        while (hub.WatcherCount < count)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    public static async Task<WebApplication> StartSitesAsync(LocalServersFixture servers, Action<WebApplicationBuilder>? configure = null) =>
        await SitesApplication.StartOnLoopbackAsync(await servers.CreateDatabaseAsync("e2e_sites"), servers.Redis.ConnectionString,
            servers.RabbitMq.ConnectionString, builder =>
            {
                TestTokens.Trust(builder.Configuration);
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                configure?.Invoke(builder);
            });

    public static async Task<WebApplication> StartInspectionsAsync(LocalServersFixture servers, string sitesAddress,
        Action<WebApplicationBuilder>? configure = null) =>
        await InspectionsApplication.StartOnLoopbackAsync(await servers.CreateDatabaseAsync("e2e_inspections"), servers.RabbitMq.ConnectionString,
            sitesAddress, builder =>
            {
                TestTokens.Trust(builder.Configuration);
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                configure?.Invoke(builder);
            });

    public static async Task<WebApplication> StartCasesAsync(LocalServersFixture servers, string sitesAddress,
        Action<WebApplicationBuilder>? configure = null) =>
        await CasesApplication.StartOnLoopbackAsync(await servers.CreateDatabaseAsync("e2e_cases"), servers.RabbitMq.ConnectionString,
            sitesAddress, builder =>
            {
                TestTokens.Trust(builder.Configuration);
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                configure?.Invoke(builder);
            });

    /// <summary>
    /// The gateway through its one wiring (GatewayApplication), configured the way the app host configures it
    /// (ReverseProxy__Clusters__sites__...), trusting this run's test tokens; <paramref name="settings"/> come last.
    /// </summary>
    public static async Task<WebApplication> StartGatewayAsync(string sitesAddress, string? inspectionsAddress = null,
        IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>(TestTokens.Settings)
        {
            ["ReverseProxy:Clusters:sites:Destinations:primary:Address"] = sitesAddress,
        };
        if (inspectionsAddress is not null)
        {
            all["ReverseProxy:Clusters:inspections:Destinations:primary:Address"] = inspectionsAddress;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return await GatewayApplication.StartOnLoopbackAsync(all, builder =>
        {
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            configure?.Invoke(builder);
        });
    }
}
