using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.Cases.Extensions;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.Inspections.Extensions;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.Sites.Extensions;
using RelicSecurity.Testing;

namespace RelicSecurity.EndToEnd.Tests.Reactions;

/// <summary>
/// The whole suite on a RabbitMQ of its own (so a test may kill it, and what the services consume is only this test's
/// events): Sites (in this process, or as its own OS process that can be SIGKILLed), Cases, optionally Inspections, and
/// the gateway with StatusService (its projection under a Redis key prefix of its own), each on a loopback port, with
/// real PostgreSQL databases and the shared Redis. Clients call through the gateway with a national token.
/// </summary>
internal sealed class ReactionSuite : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    private readonly LocalServersFixture _servers;
    private readonly string _brokerDirectory;
    private GrpcChannel? _gatewayChannel;
    private GrpcChannel? _casesChannel;

    private IReadOnlyDictionary<string, string?> _settings = new Dictionary<string, string?>();

    private ReactionSuite(LocalServersFixture servers, string brokerDirectory, RabbitMqServer broker)
    {
        _servers = servers;
        _brokerDirectory = brokerDirectory;
        Broker = broker;
    }

    public RabbitMqServer Broker { get; }

    public string SitesDatabase { get; private set; } = "";

    public string CasesDatabase { get; private set; } = "";

    public int SitesPort { get; private set; }

    /// <summary>Sites in this process (null when it runs as <see cref="SitesProcess"/>).</summary>
    public WebApplication? Sites { get; private set; }

    public SitesProcess? SitesProcess { get; private set; }

    public WebApplication Cases { get; private set; } = null!;

    public WebApplication? Inspections { get; private set; }

    public WebApplication Gateway { get; private set; } = null!;

    public string SitesAddress => $"http://127.0.0.1:{SitesPort}";

    public static string Token { get; } = TestTokens.National("e2e-reactions");

    public SiteService.SiteServiceClient SiteClient => new(_gatewayChannel!.WithToken(Token));

    public CaseService.CaseServiceClient CaseClient => new(_gatewayChannel!.WithToken(Token));

    /// <summary>CaseService without the gateway (the chaos test's writers: the gateway's per-caller limits are not under test there).</summary>
    public CaseService.CaseServiceClient DirectCaseClient => new(_casesChannel!.WithToken(Token));

    public InspectionService.InspectionServiceClient InspectionClient => new(_gatewayChannel!.WithToken(Token));

    public StatusService.StatusServiceClient StatusClient => new(_gatewayChannel!.WithToken(Token));

    public static async Task<ReactionSuite> StartAsync(LocalServersFixture servers, bool sitesAsProcess, bool withInspections,
        IReadOnlyDictionary<string, string?>? serviceSettings = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var directory = await ThrowawayRuns.CreateAsync("e2e-reactions");
        var broker = await RabbitMqServer.StartAsync(Path.Combine(directory, "rabbitmq"));
        var suite = new ReactionSuite(servers, directory, broker);
        try
        {
            await suite.StartServicesAsync(sitesAsProcess, withInspections, serviceSettings ?? new Dictionary<string, string?>());
            return suite;
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }
    }

    private async Task StartServicesAsync(bool sitesAsProcess, bool withInspections, IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        var eventBus = Broker.ConnectionString;
        var redis = _servers.Redis.ConnectionString;
        SitesDatabase = await _servers.CreateDatabaseAsync("e2e_sites");
        if (sitesAsProcess)
        {
            SitesPort = PortAllocator.FreePort();
            SitesProcess = await SitesProcess.StartAsync(SitesDatabase, redis, eventBus, SitesPort, settings);
        }
        else
        {
            Sites = await SitesApplication.StartOnLoopbackAsync(SitesDatabase, redis, eventBus, builder => Configure(builder, settings));
            SitesPort = new Uri(Sites.Urls.Single()).Port;
        }

        CasesDatabase = await _servers.CreateDatabaseAsync("e2e_cases");
        Cases = await CasesApplication.StartOnLoopbackAsync(CasesDatabase, eventBus, SitesAddress, builder => Configure(builder, settings));
        if (withInspections)
        {
            Inspections = await InspectionsApplication.StartOnLoopbackAsync(
                await _servers.CreateDatabaseAsync("e2e_inspections"), eventBus, SitesAddress, builder => Configure(builder, settings));
        }

        var gatewaySettings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = Cases.Urls.Single(),
            ["ConnectionStrings:redis"] = redis,
            ["ConnectionStrings:eventbus"] = eventBus,
            ["Status:KeyPrefix"] = $"relic:status:e2e-{Guid.NewGuid():N}:",
            ["Logging:LogLevel:MassTransit"] = "Critical",
        };
        Gateway = await SuiteHosts.StartGatewayAsync(SitesAddress, Inspections?.Urls.Single(), gatewaySettings);
        _gatewayChannel = GrpcChannel.ForAddress(Gateway.Urls.Single());
        _casesChannel = GrpcChannel.ForAddress(Cases.Urls.Single());
    }

    /// <summary>Starts Sites' process again on its port (after a kill), against the same database.</summary>
    public async Task RestartSitesProcessAsync()
    {
        var dead = SitesProcess ?? throw new InvalidOperationException("Sites runs in this process");
        await dead.DisposeAsync();
        SitesProcess = await SitesProcess.StartAsync(SitesDatabase, _servers.Redis.ConnectionString, Broker.ConnectionString, SitesPort, _settings);
    }

    private static void Configure(WebApplicationBuilder builder, IReadOnlyDictionary<string, string?> settings)
    {
        TestTokens.Trust(builder.Configuration);
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        _gatewayChannel?.Dispose();
        _casesChannel?.Dispose();
        foreach (var app in new[] { Gateway, Inspections, Cases, Sites })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        if (SitesProcess is not null)
        {
            await SitesProcess.DisposeAsync();
        }

        await Broker.DisposeAsync();
        ThrowawayRuns.Delete(_brokerDirectory);
    }
}
