using RelicSecurity.AppHost;
using RelicSecurity.AppHost.Infrastructure;
using RelicSecurity.AppHost.Suite;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.LocalInfrastructure;

// The local suite under Aspire, read top to bottom: the servers, then every service after what it
// needs, the gateway last. Each name is also the connection-string or service key it is passed as.
var options = AppHostOptions.Parse(args);
if (options is null)
{
    return 2;
}
await DataDirectory.PrepareAsync(options);
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [] });
var dashboard = LocalDashboard.Configure(builder, options);
// A stop waits until DCP has stopped every service; only then do the servers stop (LocalServers),
// so no service loses its database or broker while it is still shutting down.
builder.Configuration["DcpPublisher:WaitForResourceCleanup"] = "true";

var postgres = builder.AddLocalPostgres("postgres", options.DataDirectory);
var sitesDb = postgres.AddDatabase("sites-db", "sites");
var casesDb = postgres.AddDatabase("cases-db", "cases");
var inspectionsDb = postgres.AddDatabase("inspections-db", "inspections");
var redis = builder.AddLocalRedis("redis", options.DataDirectory);
var eventBus = builder.AddLocalRabbitMq("eventbus", options.DataDirectory);

DemoUsers? demoUsers = null;
if (!options.InfrastructureOnly)
{
    // One key pair per data directory: tokens printed by "relicctl token" stay valid across restarts.
    var signingKey = LocalSigningKey.LoadOrCreate(options.DataDirectory);

    var sites = builder.AddProject<Projects.RelicSecurity_Sites>("sites").WithSuiteEndpoint().WithLocalTokens(signingKey)
        .WithReference(sitesDb).WithReference(redis).WithReference(eventBus)
        .WaitFor(sitesDb).WaitFor(redis).WaitFor(eventBus);

    var cases = builder.AddProject<Projects.RelicSecurity_Cases>("cases").WithSuiteEndpoint().WithLocalTokens(signingKey)
        .WithReference(casesDb).WithReference(redis).WithReference(eventBus)
        .WaitFor(casesDb).WaitFor(redis).WaitFor(eventBus);

    var inspections = builder.AddProject<Projects.RelicSecurity_Inspections>("inspections").WithSuiteEndpoint().WithLocalTokens(signingKey)
        .WithReference(inspectionsDb).WithReference(redis).WithReference(eventBus)
        .WaitFor(inspectionsDb).WaitFor(redis).WaitFor(eventBus);

    // Cases checks site references with Sites; Inspections checks sites and cases.
    sites.WithSuiteAddresses(sites, cases, inspections);
    cases.WithSuiteAddresses(sites, cases, inspections).WaitFor(sites);
    inspections.WithSuiteAddresses(sites, cases, inspections).WaitFor(sites).WaitFor(cases);

    var gateway = builder.AddProject<Projects.RelicSecurity_Gateway>("gateway")
        .WithSuiteEndpoint(options.GatewayPort == 0 ? null : options.GatewayPort).WithLocalTokens(signingKey)
        .WithReference(redis).WithReference(eventBus)
        .WithSuiteAddresses(sites, cases, inspections)
        .WithRoutesTo(sites).WithRoutesTo(cases).WithRoutesTo(inspections)
        .WithStatusPage(options.StatusPagePort!.Value, signingKey)
        .WaitFor(sites).WaitFor(cases).WaitFor(inspections);

    // Printed when the suite is up; the national one also loads the demo data on a fresh data directory.
    demoUsers = DemoUsers.Issue(signingKey, TimeProvider.System);
    builder.AddDemoData(gateway, demoUsers, options);
    // Aspire restarts no crashed project by itself: this does, with backoff, and says why it stopped.
    builder.Services.AddHostedService<CrashSupervisor>();
}

builder.Services.AddHostedService(services => new ReadyBanner(services, dashboard, options, demoUsers));
await using var app = builder.Build();
await app.RunAsync();
ReadyBanner.Stopped();
return 0;
