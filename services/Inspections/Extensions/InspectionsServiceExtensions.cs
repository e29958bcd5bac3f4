using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using MassTransit;
using RelicSecurity.Inspections.Application;
using RelicSecurity.Inspections.Consumers;
using RelicSecurity.Inspections.Grpc;
using RelicSecurity.Inspections.Overdue;
using RelicSecurity.Inspections.Persistence;
using RelicSecurity.Inspections.Sites;
using RelicSecurity.ServiceDefaults.Grpc;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Inspections.Extensions;

public static class InspectionsServiceExtensions
{
    /// <summary>
    /// Adds InspectionService: its database (migrated at start), the Sites client for site checks, the desks,
    /// the overdue scan, the event backbone (outbox relay to RabbitMQ) and the gRPC service on the suite's defaults.
    /// </summary>
    public static IHostApplicationBuilder AddInspectionsService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var databaseConnection = builder.Configuration.GetConnectionString(InspectionsDatabase.ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{InspectionsDatabase.ConnectionName}' is missing (set ConnectionStrings__{InspectionsDatabase.ConnectionName}).");

        var services = builder.Services;
        services.AddSingleton(_ => InspectionsDatabase.Create(databaseConnection));

        // Registration order is start order: the schema exists before the overdue scan or any call touches it.
        services.AddSingleton<InspectionsDatabaseMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<InspectionsDatabaseMigrator>());

        services.AddSuiteGrpcClient<SiteService.SiteServiceClient>("sites", SiteService.Descriptor.FullName, "BatchGetSites");
        services.AddSingleton<SiteDirectory>();

        services.AddSingleton<InspectionRepository>();
        services.AddSingleton<RectificationRepository>();
        services.AddSingleton<InspectionDesk>();
        services.AddSingleton<RectificationDesk>();
        services.AddSingleton<RiskTriggeredPlanner>();

        // API.md promises OVERDUE within a minute of the deadline: a longer interval could not keep it.
        services.AddOptions<OverdueScanOptions>().BindConfiguration(OverdueScanOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero && o.Interval <= TimeSpan.FromMinutes(1),
                $"{OverdueScanOptions.Section}:Interval must be more than 0 and at most 00:01:00")
            .Validate(o => o.BatchSize > 0, $"{OverdueScanOptions.Section}:BatchSize must be positive")
            .ValidateOnStart();
        services.AddSingleton<OverdueScan>();
        services.AddSingleton<OverdueWatcher>();
        if (builder.Configuration.GetSection(OverdueScanOptions.Section).GetValue(nameof(OverdueScanOptions.Enabled), true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<OverdueWatcher>());
        }

        services.AddHealthChecks().AddCheck<InspectionsDatabaseHealthCheck>(InspectionsDatabase.ConnectionName);

        // Inspection, finding and rectification events leave through the outbox of inspections-db; the Sites
        // service's risk changes arrive for the RISK_TRIGGERED rule (queue "inspections-site-risk-changed").
        builder.AddEventBackbone("inspections", InspectionsDatabase.ConnectionName, bus => bus.AddConsumer<SiteRiskChangedConsumer>());

        // InspectionService is SERVING exactly while inspections-db answers (and the process is not stopping).
        builder.AddSuiteGrpc(new GrpcServiceReadiness(InspectionService.Descriptor.FullName, InspectionsDatabase.ConnectionName));
        return builder;
    }

    /// <summary>Maps InspectionService plus grpc.health.v1 and server reflection (v1, v1alpha).</summary>
    public static WebApplication MapInspectionsService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<InspectionGrpcService>();
        app.MapGrpcStandardServices();
        return app;
    }
}
