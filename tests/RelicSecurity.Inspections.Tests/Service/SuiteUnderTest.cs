using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Inspections.Extensions;
using RelicSecurity.Inspections.Overdue;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

namespace RelicSecurity.Inspections.Tests.Service;

/// <summary>
/// The real Sites service and one or more real Inspections instances (production wiring, one shared
/// inspections database) on loopback ports, trusting this run's test tokens, with typed clients.
/// </summary>
public sealed class SuiteUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);
    private readonly LocalServersFixture _servers;
    private readonly WebApplication _sites;
    private readonly GrpcChannel _sitesChannel;
    private readonly List<(WebApplication App, GrpcChannel Channel)> _instances = [];

    private SuiteUnderTest(LocalServersFixture servers, WebApplication sites, string inspectionsDatabase)
    {
        _servers = servers;
        _sites = sites;
        _sitesChannel = GrpcChannel.ForAddress(sites.Urls.Single());
        InspectionsDatabase = inspectionsDatabase;
    }

    public string InspectionsDatabase { get; }

    public IReadOnlyList<WebApplication> Instances => _instances.Select(i => i.App).ToList();

    public static async Task<SuiteUnderTest> StartAsync(LocalServersFixture servers, int instances = 1, TimeProvider? clock = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var sites = await SitesApplication.StartOnLoopbackAsync(await servers.CreateDatabaseAsync("insp_sites"), servers.Redis.ConnectionString,
            servers.RabbitMq.ConnectionString, builder =>
            {
                TestTokens.Trust(builder.Configuration);
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
            });
        var suite = new SuiteUnderTest(servers, sites, await servers.CreateDatabaseAsync("inspections"));
        for (var i = 0; i < instances; i++)
        {
            await suite.StartInstanceAsync(clock, settings);
        }

        return suite;
    }

    /// <summary>Another Inspections instance on the same database (a replica).</summary>
    public async Task<WebApplication> StartInstanceAsync(TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = await InspectionsApplication.StartOnLoopbackAsync(InspectionsDatabase, _servers.RabbitMq.ConnectionString, _sites.Urls.Single(),
            builder =>
            {
                TestTokens.Trust(builder.Configuration);
                builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
                builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                if (clock is not null)
                {
                    builder.Services.AddSingleton(clock);
                }
            });
        _instances.Add((app, GrpcChannel.ForAddress(app.Urls.Single())));
        return app;
    }

    /// <summary>Stops every Inspections instance (the database and Sites stay), as a downtime of the whole service.</summary>
    public async Task StopInstancesAsync()
    {
        foreach (var (app, channel) in _instances)
        {
            channel.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }

        _instances.Clear();
    }

    public InspectionService.InspectionServiceClient Inspections(string token, int instance = 0) =>
        new(_instances[instance].Channel.WithToken(token));

    public InspectionService.InspectionServiceClient InspectionsWithoutToken => new(_instances[0].Channel);

    public SiteService.SiteServiceClient Sites(string token) => new(_sitesChannel.WithToken(token));

    public OverdueWatcher Watcher(int instance) => _instances[instance].App.Services.GetRequiredService<OverdueWatcher>();

    /// <summary>Registers a site in <paramref name="province"/> and returns its id.</summary>
    public async Task<string> RegisterSiteAsync(string province, string name = "Han tomb group")
    {
        var site = await Sites(TestTokens.National()).RegisterSiteAsync(new RegisterSiteRequest
        {
            Site = new Site
            {
                Name = name,
                ProvinceCode = province,
                County = "Test county",
                Category = SiteCategory.AncientTomb,
                ProtectionLevel = ProtectionLevel.Provincial,
                Latitude = 34.3,
                Longitude = 108.9,
                CustodianUnit = "County museum",
                ResponsiblePerson = "Li Wei",
                ResponsiblePhone = "029-0000000",
            },
            RequestId = Guid.NewGuid().ToString(),
        });
        return site.SiteId;
    }

    public async ValueTask DisposeAsync()
    {
        await StopInstancesAsync();
        _sitesChannel.Dispose();
        await _sites.StopAsync();
        await _sites.DisposeAsync();
    }
}
