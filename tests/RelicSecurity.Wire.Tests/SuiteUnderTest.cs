using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.ServiceDefaults;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Sites.Risk;
using RelicSecurity.Testing;

namespace RelicSecurity.Wire.Tests;

/// <summary>
/// The real Sites service and the real gateway forwarding to it, both with their production wiring on
/// free loopback ports. Tests address either one by <see cref="Endpoint"/>: what holds for the service
/// must hold just the same when its caller comes through the gateway.
/// </summary>
public sealed class SuiteUnderTest : IAsyncDisposable
{
    /// <summary>Streams a test leaves open must not hold shutdown for the default 30 s.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    private readonly List<GrpcChannel> _channels = [];

    private SuiteUnderTest(WebApplication sites, WebApplication gateway)
    {
        Sites = sites;
        Gateway = gateway;
    }

    public WebApplication Sites { get; }

    public WebApplication Gateway { get; }

    /// <summary>Open WatchSiteRisk handlers in the Sites process: every watch that entered and has not ended.</summary>
    public int OpenWatches => Sites.Services.GetRequiredService<RiskUpdateHub>().WatcherCount;

    public static async Task<SuiteUnderTest> StartAsync(LocalServersFixture servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var sites = await SitesApplication.StartOnLoopbackAsync(await servers.CreateDatabaseAsync("wire_sites"),
            servers.Redis.ConnectionString, servers.RabbitMq.ConnectionString,
            builder =>
            {
                TestTokens.Trust(builder.Configuration);
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
            });
        try
        {
            return new SuiteUnderTest(sites, await StartGatewayAsync(sites.Urls.Single()));
        }
        catch
        {
            await sites.DisposeAsync();
            throw;
        }
    }

    public Uri Address(Endpoint endpoint) => new((endpoint == Endpoint.Gateway ? Gateway : Sites).Urls.Single());

    public GrpcChannel Channel(Endpoint endpoint)
    {
        var channel = GrpcChannel.ForAddress(Address(endpoint));
        _channels.Add(channel);
        return channel;
    }

    /// <summary>A client calling as the national working group (every scope, every province).</summary>
    public SiteService.SiteServiceClient Client(Endpoint endpoint) => new(Channel(endpoint).WithToken(TestTokens.National()));

    /// <summary>A call that needs the whole path (gateway, service, its database) answers as it should.</summary>
    public async Task StillAnswersAsync(Endpoint endpoint)
    {
        var page = await Client(endpoint).ListSitesAsync(new ListSitesRequest { PageSize = 1 }, deadline: DateTime.UtcNow.AddSeconds(30));
        if (page is null)
        {
            throw new InvalidOperationException("ListSites answered nothing");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await Gateway.DisposeAsync();
        await Sites.DisposeAsync();
    }

    /// <summary>
    /// The gateway through its one wiring (GatewayApplication), configured as the app host configures it
    /// (ReverseProxy__Clusters__sites__...), trusting this run's test tokens. These tests are about the wire, not the
    /// per-caller limits (tested in EndToEnd): storms of calls from one test caller must not be refused for being many.
    /// </summary>
    private static Task<WebApplication> StartGatewayAsync(string sitesAddress) =>
        GatewayApplication.StartOnLoopbackAsync(
            new Dictionary<string, string?>(GatewayApplication.RaisedLimits.Concat(TestTokens.Settings))
            {
                ["ReverseProxy:Clusters:sites:Destinations:primary:Address"] = sitesAddress,
            },
            builder =>
            {
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                builder.Logging.SetMinimumLevel(LogLevel.Error);
            });
}

/// <summary>Which process a test talks to.</summary>
public enum Endpoint
{
    Sites,
    Gateway,
}
