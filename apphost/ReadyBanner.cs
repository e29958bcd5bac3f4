using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.AppHost.Infrastructure;
using RelicSecurity.AppHost.Suite;

namespace RelicSecurity.AppHost;

/// <summary>
/// Prints, once every resource is healthy, where to go: the gateway's address and the dashboard's
/// login URL, and how long the start took. scripts/run.sh shows it; the tests wait for its first line.
/// </summary>
internal sealed class ReadyBanner(IServiceProvider services, LocalDashboard dashboard, AppHostOptions options, DemoUsers? users) : BackgroundService
{
    public const string UpMarker = "RelicSecurity is up";

    private static readonly Stopwatch Stopping = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(Stopping.Start);
        var model = services.GetRequiredService<DistributedApplicationModel>();
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        // The demo data's seed is a one-shot job, never "healthy": it reports on its own (DemoData).
        var suite = model.Resources.Where(r => (r is LocalServerResource or LocalDatabaseResource or ProjectResource) && r.Name != DemoData.ResourceName).ToList();
        try
        {
            await Task.WhenAll(suite.Select(resource => notifications.WaitForResourceHealthyAsync(resource.Name, stoppingToken)));
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var elapsed = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{UpMarker}: all {suite.Count} resources healthy in {elapsed.TotalSeconds:0.0} s.");
        if (model.Resources.OfType<ProjectResource>().FirstOrDefault(p => p.Name == "gateway") is { } gateway)
        {
            var endpoint = gateway.GetEndpoint(SuiteProjectExtensions.EndpointName);
            text.AppendLine(CultureInfo.InvariantCulture, $"  gateway    {endpoint.Host}:{endpoint.Port} (gRPC over HTTP/2 cleartext; callers go here)");
            text.AppendLine(CultureInfo.InvariantCulture, $"  national   {SuiteProjectExtensions.StatusPageUrl(options.StatusPagePort!.Value)}/ (the national dashboard page, for browsers)");
        }
        // The dashboard's own resource knows its address (a test host moves its ports); else the configured one.
        var dashboardUrl = model.Resources.OfType<IResourceWithEndpoints>().FirstOrDefault(r => r.Name == "aspire-dashboard")
            ?.GetEndpoint("http") is { IsAllocated: true } allocated ? allocated.Url : dashboard.Url;
        text.AppendLine(CultureInfo.InvariantCulture, $"  aspire     {dashboard.LoginUrlAt(dashboardUrl)} (the Aspire dashboard: resources, logs, traces)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  data       {options.DataDirectory}");
        if (users is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  national user token (all provinces; paste at the dashboard or RELIC_TOKEN for relicctl, {DemoUsers.Lifetime.TotalHours:0} h):");
            text.AppendLine(CultureInfo.InvariantCulture, $"    {users.National}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  provincial user token (Shaanxi {DemoUsers.ProvincialProvince} only):");
            text.AppendLine(CultureInfo.InvariantCulture, $"    {users.Provincial}");
            text.AppendLine(model.Resources.Any(r => r.Name == DemoData.ResourceName)
                ? "  demo data  loading now (relicctl seed --scale small); a line follows when it is in"
                : "  demo data  " + (DemoData.Seeded(options) ? "loaded at an earlier start" : "off (--no-demo-data)"));
        }
        text.AppendLine("Press Ctrl+C to stop.");
        Console.Out.Write(text.ToString());
    }

    /// <summary>Called once the app host has stopped everything.</summary>
    public static void Stopped()
    {
        if (Stopping.IsRunning)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RelicSecurity stopped in {Stopping.Elapsed.TotalSeconds:0.0} s."));
        }
    }
}
