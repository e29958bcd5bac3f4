using MassTransit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RelicSecurity.Cases.Application;
using RelicSecurity.Cases.Audit;
using RelicSecurity.Cases.Consumers;
using RelicSecurity.Cases.Grpc;
using RelicSecurity.Cases.Matching;
using RelicSecurity.Cases.Persistence;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Grpc;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Cases.Extensions;

public static class CasesServiceExtensions
{
    /// <summary>Service key of the Sites address (<c>Services__sites</c>), set by the app host.</summary>
    public const string SitesServiceKey = "sites";

    /// <summary>
    /// Adds CaseService and AuditService: the database (migrated at start, calls as the service role), the Sites
    /// client for site references, the audit of every call, the event backbone (outbox relay to RabbitMQ, the FindingRecorded reaction), and
    /// gRPC on the suite's defaults.
    /// </summary>
    public static IHostApplicationBuilder AddCasesService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connection = builder.Configuration.GetConnectionString(CasesDatabase.ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{CasesDatabase.ConnectionName}' is missing (set ConnectionStrings__{CasesDatabase.ConnectionName}).");

        var services = builder.Services;
        services.AddSingleton(_ => CasesDatabase.Create(connection));
        services.AddSingleton<CasesDatabaseMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<CasesDatabaseMigrator>());
        services.AddHealthChecks().AddCheck<CasesDatabaseHealthCheck>(CasesDatabase.ConnectionName);

        services.AddOptions<MatchSettings>().BindConfiguration(MatchSettings.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MatchSettings>>().Value);
        services.AddSingleton<CaseRepository>();
        services.AddSingleton<CaseUpdates>();
        services.AddSingleton<RelicRepository>();
        services.AddSingleton<RelicQueries>();
        services.AddSingleton<TermStatistics>();
        services.AddSingleton<SoughtRelicIndex>();
        services.AddSingleton<SoughtListWrites>();
        services.AddSingleton<SoughtRelicIndexUpdater>();
        services.AddHostedService(sp => sp.GetRequiredService<SoughtRelicIndexUpdater>());
        services.AddSingleton<RelicMatcher>();
        services.AddSingleton<AuditLog>();
        services.AddScoped<CallAudit>();
        // Refusals by the authorization middleware happen before the gRPC pipeline: audited here, not by AuditInterceptor.
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RefusalAuditHandler>();
        services.AddScoped<SiteReferences>();
        services.AddScoped<CaseDesk>();

        // BatchGetSites only reads: retried on UNAVAILABLE within the call's deadline.
        services.AddSuiteGrpcClient<SiteService.SiteServiceClient>(SitesServiceKey, SiteService.Descriptor.FullName, "BatchGetSites");

        // Publishes CaseOpened / CaseStageChanged / CaseJoined / CaseSupervisionChanged / RelicRegistered / RelicCustodyChanged;
        // consumes FindingRecorded (queue "cases-finding-recorded") to open ILLEGAL_EXCAVATION cases.
        builder.AddEventBackbone("cases", CasesDatabase.ConnectionName, bus => bus.AddConsumer<FindingRecordedConsumer>());

        builder.AddSuiteGrpc(
                new GrpcServiceReadiness(CaseService.Descriptor.FullName, CasesDatabase.ConnectionName),
                new GrpcServiceReadiness(AuditService.Descriptor.FullName, CasesDatabase.ConnectionName))
            .AddServiceOptions<CaseGrpcService>(options => options.Interceptors.Add<AuditInterceptor>());
        return builder;
    }

    /// <summary>Maps CaseService and AuditService plus grpc.health.v1 and server reflection.</summary>
    public static WebApplication MapCasesService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<CaseGrpcService>();
        app.MapGrpcService<AuditGrpcService>();
        app.MapGrpcStandardServices();
        return app;
    }
}
