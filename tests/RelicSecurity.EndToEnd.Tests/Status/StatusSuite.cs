using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.Cases.Extensions;
using RelicSecurity.Gateway.Status;
using RelicSecurity.Inspections.Extensions;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

namespace RelicSecurity.EndToEnd.Tests.Status;

/// <summary>
/// Sites, Cases, Inspections and the gateway with its status projection, on a RabbitMQ of their own (so no other test's
/// events reach this projection and none of theirs stay queued for it), the run's PostgreSQL (a database per service)
/// and Redis (a key prefix of its own).
/// </summary>
internal sealed class StatusSuite : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    private readonly List<WebApplication> _apps = [];
    private string _directory = "";
    private RabbitMqServer? _rabbit;

    public string SitesDatabase { get; private set; } = "";

    public string CasesDatabase { get; private set; } = "";

    public string InspectionsDatabase { get; private set; } = "";

    public string KeyPrefix { get; } = $"test:status:{Guid.NewGuid():N}:";

    public WebApplication Gateway => _apps[^1];

    public string GatewayAddress => Gateway.Urls.Single();

    public GrpcChannel Channel { get; private set; } = null!;

    public static async Task<StatusSuite> StartAsync(LocalServersFixture servers)
    {
        var suite = new StatusSuite();
        try
        {
            await suite.StartServicesAsync(servers);
            return suite;
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }
    }

    private async Task StartServicesAsync(LocalServersFixture servers)
    {
        _directory = await ThrowawayRuns.CreateAsync("status-consistency");
        _rabbit = await RabbitMqServer.StartAsync(Path.Combine(_directory, "rabbitmq"));
        var eventBus = _rabbit.ConnectionString;
        SitesDatabase = await servers.CreateDatabaseAsync("status_sites");
        CasesDatabase = await servers.CreateDatabaseAsync("status_cases");
        InspectionsDatabase = await servers.CreateDatabaseAsync("status_inspections");

        var sites = Add(await SitesApplication.StartOnLoopbackAsync(SitesDatabase, servers.Redis.ConnectionString, eventBus, Configure));
        var sitesAddress = sites.Urls.Single();
        var cases = Add(await CasesApplication.StartOnLoopbackAsync(CasesDatabase, eventBus, sitesAddress, Configure));
        var inspections = Add(await InspectionsApplication.StartOnLoopbackAsync(InspectionsDatabase, eventBus, sitesAddress, Configure));
        Add(await SuiteHosts.StartGatewayAsync(sitesAddress, inspections.Urls.Single(), new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = cases.Urls.Single(),
            ["ConnectionStrings:redis"] = servers.Redis.ConnectionString,
            ["ConnectionStrings:eventbus"] = eventBus,
            [StatusServiceExtensions.KeyPrefixSetting] = KeyPrefix,
            // One caller drives the whole test (writes and polls); the per-caller limit is not under test here.
            ["Gateway:Limits:RequestsPerSecond"] = "100000",
            ["Gateway:Limits:Burst"] = "100000",
        }));
        Channel = GrpcChannel.ForAddress(GatewayAddress);

        // An event published before its consumers' queues are bound on this fresh broker would be routed nowhere.
        foreach (var app in _apps)
        {
            var bus = app.Services.GetRequiredService<IBusControl>();
            await Eventually.HoldsAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(90), "every consumer is ready");
        }
    }

    private static void Configure(WebApplicationBuilder builder)
    {
        TestTokens.Trust(builder.Configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
    }

    private WebApplication Add(WebApplication app)
    {
        _apps.Add(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        foreach (var app in Enumerable.Reverse(_apps))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (_rabbit is not null)
        {
            await _rabbit.DisposeAsync();
        }

        if (_directory.Length > 0)
        {
            ThrowawayRuns.Delete(_directory);
        }
    }
}
