using Aspire.Hosting.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Telemetry;
using RelicSecurity.Testing;

namespace RelicSecurity.AppHost.Tests;

/// <summary>
/// The probe's own small service: its database on the app host's PostgreSQL, the app host's RabbitMQ,
/// and the suite's telemetry exporting to the app host's dashboard as "site-updated-probe".
/// </summary>
public static class ProbeHost
{
    public const string ServiceName = "site-updated-probe";

    public static async Task<IHost> StartAsync(SuiteUnderAppHost suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var server = await suite.App.GetConnectionStringAsync("postgres") ?? throw new InvalidOperationException("no postgres connection string");
        await using (var admin = NpgsqlDataSource.Create(server + ";Database=postgres"))
        await using (var create = admin.CreateCommand("CREATE DATABASE probe"))
        {
            await create.ExecuteNonQueryAsync();
        }
        var database = server + ";Database=probe";

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:probe-db"] = database,
            ["ConnectionStrings:eventbus"] = await suite.App.GetConnectionStringAsync("eventbus"),
            ["OTEL_SERVICE_NAME"] = ServiceName,
            [SuiteTelemetryExtensions.OtlpEndpointSetting] = suite.Dashboard.OtlpEndpoint,
            ["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={suite.Dashboard.OtlpApiKey}",
            // Export spans within half a second rather than five.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        });
        builder.AddSuiteTelemetry();
        builder.AddEventBackbone("probe", "probe-db", bus => bus.AddConsumer<SiteUpdatedProbe>());
        var host = builder.Build();
        await host.StartAsync();

        // Events published before the queue is bound would be routed nowhere.
        await Eventually.HoldsAsync(async () =>
        {
            await using var dataSource = NpgsqlDataSource.Create(database);
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM messaging.endpoints");
            return await count.ExecuteScalarAsync() is long bound && bound > 0;
        }, TimeSpan.FromSeconds(60), "the probe's queue is bound");
        return host;
    }
}
