using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RelicSecurity.Gateway.Status.Consumers;
using RelicSecurity.Gateway.Status.Grpc;
using RelicSecurity.Gateway.Status.Rebuild;
using RelicSecurity.Gateway.Status.Store;
using RelicSecurity.ServiceDefaults.Grpc;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Gateway.Status;

public static class StatusServiceExtensions
{
    /// <summary>Setting: the Redis key prefix of the projection (default "relic:status:").</summary>
    public const string KeyPrefixSetting = "Status:KeyPrefix";

    /// <summary>
    /// Whether this gateway can serve StatusService: it needs Redis ("redis") for the projection and RabbitMQ
    /// ("eventbus") for the events that feed it. The suite's app host passes both; a gateway put in front of test
    /// backends alone (interop, wire tests) has neither and serves only the proxy.
    /// </summary>
    public static bool StatusConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration.GetConnectionString(StatusRedis.ConnectionName))
        && !string.IsNullOrEmpty(configuration.GetConnectionString(EventBackboneExtensions.EventBusConnectionName));

    /// <summary>
    /// The status projection (every service's events into Redis, queues "gateway-&lt;event&gt;") and StatusService over it.
    /// </summary>
    public static IHostApplicationBuilder AddStatusService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var redis = builder.Configuration.GetConnectionString(StatusRedis.ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{StatusRedis.ConnectionName}' is missing (set ConnectionStrings__redis).");
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new StatusKeys(builder.Configuration[KeyPrefixSetting] ?? StatusKeys.DefaultPrefix));
        services.AddSingleton(_ => new StatusRedis(redis));
        services.AddSingleton<StatusStore>();
        services.AddSingleton<StatusReader>();
        services.AddSingleton<StatusChangeHub>();
        services.AddSingleton<StatusGenerationJanitor>();
        services.AddSingleton<StatusRebuilder>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusChangeHub>());
        builder.AddEventSubscriber("gateway", AddProjectionConsumers);
        services.AddGrpc().AddServiceOptions<StatusGrpcService>(options => options.Interceptors.Add<DomainStatusInterceptor>());
        return builder;
    }

    public static WebApplication MapStatusService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<StatusGrpcService>();
        return app;
    }

    private static void AddProjectionConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CaseOpenedConsumer>();
        bus.AddConsumer<CaseStageChangedConsumer>();
        bus.AddConsumer<CaseJoinedConsumer>();
        bus.AddConsumer<CaseSupervisionChangedConsumer>();
        bus.AddConsumer<RelicRegisteredConsumer>();
        bus.AddConsumer<RelicCustodyChangedConsumer>();
        bus.AddConsumer<InspectionPlannedConsumer>();
        bus.AddConsumer<InspectionStartedConsumer>();
        bus.AddConsumer<InspectionCompletedConsumer>();
        bus.AddConsumer<InspectionCancelledConsumer>();
        bus.AddConsumer<FindingRecordedConsumer>();
        bus.AddConsumer<RectificationIssuedConsumer>();
        bus.AddConsumer<RectificationOverdueConsumer>();
        bus.AddConsumer<RectificationVerifiedConsumer>();
        bus.AddConsumer<SiteRegisteredConsumer>();
        bus.AddConsumer<SiteUpdatedConsumer>();
        bus.AddConsumer<SiteRiskChangedConsumer>();
        bus.AddConsumer<SitesImportedConsumer>();
    }
}
