using System.Globalization;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RelicSecurity.Cases.Extensions;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.Inspections.Extensions;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

namespace RelicSecurity.Bench.Seed;

/// <summary>
/// The suite a user seeds: Sites, Cases and Inspections and the gateway with its status projection and dashboard page, with
/// their production wiring, in this process on the given servers. The gateway keeps its default per-caller limits unless
/// <paramref name="raisedLimits"/>: the seed is one caller, and those limits are what a user's seed meets.
/// </summary>
internal sealed class SeedSuite(WebApplication sites, WebApplication cases, WebApplication inspections, WebApplication gateway, Uri grpc, Uri page)
    : IAsyncDisposable
{
    /// <summary>The gateway's gRPC endpoint (HTTP/2), as relicctl's --gateway.</summary>
    public Uri Grpc { get; } = grpc;

    /// <summary>The dashboard page (HTTP/1.1).</summary>
    public Uri Page { get; } = page;

    public static async Task<SeedSuite> StartAsync(LocalInfrastructureHost servers, bool raisedLimits)
    {
        foreach (var database in new[] { "sites_seed", "cases_seed", "inspections_seed" })
        {
            await servers.Postgres.EnsureDatabaseAsync(database);
        }

        var sites = await SitesApplication.StartOnLoopbackAsync(servers.Postgres.ConnectionString("sites_seed"), servers.Redis.ConnectionString,
            servers.RabbitMq.ConnectionString, Quiet);
        var sitesAddress = sites.Urls.Single();
        var cases = await CasesApplication.StartOnLoopbackAsync(servers.Postgres.ConnectionString("cases_seed"), servers.RabbitMq.ConnectionString,
            sitesAddress, Quiet);
        var inspections = await InspectionsApplication.StartOnLoopbackAsync(servers.Postgres.ConnectionString("inspections_seed"),
            servers.RabbitMq.ConnectionString, sitesAddress, Quiet);
        var pagePort = PortAllocator.FreePort().ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string?>(raisedLimits ? GatewayApplication.RaisedLimits : new Dictionary<string, string?>())
        {
            ["ReverseProxy:Clusters:sites:Destinations:primary:Address"] = sitesAddress,
            ["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = cases.Urls.Single(),
            ["ReverseProxy:Clusters:inspections:Destinations:primary:Address"] = inspections.Urls.Single(),
            ["ConnectionStrings:redis"] = servers.Redis.ConnectionString,
            ["ConnectionStrings:eventbus"] = servers.RabbitMq.ConnectionString,
            ["Dashboard:Url"] = $"http://127.0.0.1:{pagePort}",
        };
        var gateway = await GatewayApplication.StartOnLoopbackAsync(settings, Quiet);
        // Events published before the projection's queues are bound would be routed nowhere.
        var bus = gateway.Services.GetRequiredService<IBusControl>();
        await Eventually.HoldsAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(60),
            "the gateway's projection consumers are ready");
        var grpc = gateway.Urls.Single(url => !url.EndsWith(":" + pagePort, StringComparison.Ordinal));
        return new SeedSuite(sites, cases, inspections, gateway, new Uri(grpc), new Uri($"http://127.0.0.1:{pagePort}/"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { gateway, inspections, cases, sites })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static void Quiet(WebApplicationBuilder builder)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MassTransit", LogLevel.Error);
        TestTokens.Trust(builder.Configuration);
    }
}
