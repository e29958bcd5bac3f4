using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.ServiceDefaults.Security;
using Xunit;

namespace RelicSecurity.AppHost.Tests;

/// <summary>
/// The real app host, started once for the whole assembly (it takes half a minute) with a throwaway data
/// directory, a free gateway port and its dashboard on a free port.
/// </summary>
public sealed class SuiteUnderAppHost : IAsyncLifetime
{
    public const string Collection = "app host";

    private const string DashboardResource = "aspire-dashboard";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private DistributedApplication? app;
    private string dataDirectory = "";

    public DistributedApplication App => app ?? throw new InvalidOperationException("The app host has not started.");

    public TimeSpan TimeToHealthy { get; private set; }

    /// <summary>The dashboard's address, its telemetry API key and its OTLP endpoint with the key it wants.</summary>
    public Dashboard Dashboard { get; private set; } = new("", "", "", "");

    public Uri Gateway => App.GetEndpoint("gateway", "http");

    /// <summary>
    /// A national token signed with the key the app host made for its data directory (what
    /// <c>relicctl token --role national</c> prints for a local run).
    /// </summary>
    public string NationalToken()
    {
        var key = LocalSigningKey.LoadOrCreate(dataDirectory);
        using var privateKey = key.LoadPrivateKey();
        return new SuiteTokenIssuer(privateKey, LocalSigningKey.LocalIssuer, LocalSigningKey.SuiteAudience, TimeProvider.System)
            .Issue(new SuiteTokenClaims("apphost-e2e", SuiteRoles.National, null, []), TimeSpan.FromMinutes(30));
    }

    public async Task InitializeAsync()
    {
        dataDirectory = await ThrowawayRuns.CreateAsync("apphost-e2e");
        var clock = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RelicSecurity_AppHost>(
            ["--data-dir", dataDirectory, "--gateway-port", "0", "--no-demo-data",
                "--dashboard-port", PortAllocator.FreePort().ToString(CultureInfo.InvariantCulture)],
            (options, _) => options.DisableDashboard = false);
        app = await builder.BuildAsync();
        using var patience = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(patience.Token);
        // The gateway waits for every service, and each service for its database, Redis and RabbitMQ.
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", patience.Token);
        TimeToHealthy = clock.Elapsed;

        // The testing builder moves the dashboard's ports (DcpPublisher:RandomizePorts): ask its resource.
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        Dashboard = new Dashboard(
            app.GetEndpoint(DashboardResource, "http").ToString(),
            configuration["AppHost:DashboardApiKey"] ?? throw new InvalidOperationException("no dashboard API key"),
            app.GetEndpoint(DashboardResource, "otlp-grpc").ToString(),
            configuration["AppHost:OtlpApiKey"] ?? throw new InvalidOperationException("no OTLP API key"));
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            var clock = Stopwatch.StartNew();
            await app.StopAsync();
            await app.DisposeAsync();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"app host: all healthy after {TimeToHealthy.TotalSeconds:0.0} s, stopped in {clock.Elapsed.TotalSeconds:0.0} s"));
        }
        ThrowawayRuns.Delete(dataDirectory);
    }
}

public sealed record Dashboard(string Url, string ApiKey, string OtlpEndpoint, string OtlpApiKey);

[CollectionDefinition(SuiteUnderAppHost.Collection)]
public sealed class SuiteUnderAppHostCollection : ICollectionFixture<SuiteUnderAppHost>;
