using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Grpc;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Sites.Application;
using RelicSecurity.Sites.Consumers;
using RelicSecurity.Sites.Grpc;
using RelicSecurity.Sites.Import;
using RelicSecurity.Sites.Nearby;
using RelicSecurity.Sites.Persistence;
using RelicSecurity.Sites.Risk;

namespace RelicSecurity.Sites.Extensions;

public static class SitesServiceExtensions
{
    /// <summary>
    /// Adds SiteService: its database (migrated at start), the live risk feed over Redis, the
    /// catalog, the event backbone (outbox relay to RabbitMQ), and the gRPC service on the suite's gRPC defaults.
    /// </summary>
    public static IHostApplicationBuilder AddSitesService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var databaseConnection = Required(builder.Configuration, SitesDatabase.ConnectionName);
        var redisConnection = Required(builder.Configuration, RiskRedis.ConnectionName);

        var services = builder.Services;
        services.AddSingleton(_ => SitesDatabase.Create(databaseConnection));
        // Redis commands issued during a call become spans of its trace.
        services.AddSingleton(sp => new RiskRedis(redisConnection, connection =>
            sp.GetService<StackExchangeRedisInstrumentation>()?.AddConnection(connection)));

        // Registration order is start order: the schema exists before anything else touches it.
        services.AddSingleton<SitesDatabaseMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<SitesDatabaseMigrator>());
        services.AddSingleton<RiskUpdateHub>();
        services.AddHostedService(sp => sp.GetRequiredService<RiskUpdateHub>());

        // The in-memory index of site positions for SearchSitesNearby, loaded and kept current from
        // the sites table once the schema exists (see Nearby/SiteLocationFeed).
        services.AddOptions<NearbyIndexOptions>().BindConfiguration(NearbyIndexOptions.Section);
        services.AddSingleton(sp => new SiteLocationIndex(sp.GetRequiredService<IOptions<NearbyIndexOptions>>().Value.KeepSites));
        services.AddSingleton<SiteLocationFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteLocationFeed>());

        services.AddSingleton<SiteRepository>();
        services.AddSingleton<SiteImporter>();
        services.AddSingleton<SiteCatalog>();
        services.AddHealthChecks().AddCheck<SitesDatabaseHealthCheck>(SitesDatabase.ConnectionName);

        // Risk inputs reported by Cases and Inspections are recomputed into each site's risk off the consumers' path.
        services.AddSingleton<RiskRecalculator>();
        services.AddHostedService(sp => sp.GetRequiredService<RiskRecalculator>());

        // SiteRegistered / SiteUpdated / SiteRiskChanged / SitesImported leave through the outbox of sites-db;
        // the Cases and Inspections events that move risk inputs arrive through the inbox.
        builder.AddEventBackbone("sites", SitesDatabase.ConnectionName, bus => bus.AddSitesConsumers());

        // SiteService is SERVING exactly while sites-db answers (and the process is not stopping).
        builder.AddSuiteGrpc(new GrpcServiceReadiness(SiteService.Descriptor.FullName, SitesDatabase.ConnectionName));
        return builder;
    }

    /// <summary>Maps SiteService plus grpc.health.v1 and server reflection (v1, v1alpha).</summary>
    public static WebApplication MapSitesService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<SiteGrpcService>();
        app.MapGrpcStandardServices();
        return app;
    }

    private static string Required(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name)
        ?? throw new InvalidOperationException($"Connection string '{name}' is missing (set ConnectionStrings__{name}).");
}
