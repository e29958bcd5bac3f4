using RelicSecurity.AppHost;

// The local suite, read top to bottom: infrastructure first, then every service after what it
// depends on, the gateway last. Each name is also the connection-string or service key it is passed as.
var options = AppHostOptions.Parse(args);
if (options is null)
{
    return 2;
}
var app = new DistributedApplication(options);

var infrastructure = app.AddInfrastructure();
var sitesDb = infrastructure.AddDatabase("sites-db", "sites");
var casesDb = infrastructure.AddDatabase("cases-db", "cases");
var inspectionsDb = infrastructure.AddDatabase("inspections-db", "inspections");

var sites = app.AddProject("sites", "services/Sites/RelicSecurity.Sites")
    .WithReference(sitesDb).WithReference(infrastructure.Redis).WithReference(infrastructure.EventBus);

var cases = app.AddProject("cases", "services/Cases/RelicSecurity.Cases")
    .WithReference(casesDb).WithReference(infrastructure.Redis).WithReference(infrastructure.EventBus)
    .WaitFor(sites);

var inspections = app.AddProject("inspections", "services/Inspections/RelicSecurity.Inspections")
    .WithReference(inspectionsDb).WithReference(infrastructure.Redis).WithReference(infrastructure.EventBus)
    .WaitFor(sites).WaitFor(cases);

app.AddProject("gateway", "gateway/RelicSecurity.Gateway", options.GatewayPort)
    .WithReference(infrastructure.Redis).WithReference(infrastructure.EventBus)
    .WithRoutesTo(sites).WithRoutesTo(cases).WithRoutesTo(inspections)
    .WaitFor(sites).WaitFor(cases).WaitFor(inspections);

return await app.RunAsync();
