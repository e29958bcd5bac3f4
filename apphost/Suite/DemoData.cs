using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RelicSecurity.AppHost.Suite;

/// <summary>
/// The small demo data on a fresh data directory: <c>relicctl seed --scale small</c> as a one-shot resource that starts
/// once the gateway is healthy (so everything behind it is) and loads through the public API with the demo national
/// token. A marker in the data directory, written when the seed succeeded, keeps later starts from seeding again; a
/// seed that failed or was interrupted runs again next time (the seed's request ids make a repeat create nothing twice).
/// </summary>
internal static class DemoData
{
    public const string ResourceName = "demo-data";

    public const string MarkerFile = "demo-data.seeded";

    public static bool Seeded(AppHostOptions options) => File.Exists(Path.Combine(options.DataDirectory, MarkerFile));

    public static void AddDemoData(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway, DemoUsers users,
        AppHostOptions options)
    {
        if (options.NoDemoData || Seeded(options))
        {
            return;
        }

        builder.AddProject<Projects.relicctl>(ResourceName)
            .WithArgs("seed", "--scale", "small")
            .WithEnvironment("RELIC_GATEWAY", gateway.GetEndpoint(SuiteProjectExtensions.EndpointName))
            .WithEnvironment("RELIC_TOKEN", users.National)
            .WaitFor(gateway);
        builder.Services.AddHostedService(services => new DemoDataReport(services, options));
    }

    /// <summary>Says when the seed is done (or why not) and marks the data directory once it succeeded.</summary>
    private sealed class DemoDataReport(IServiceProvider services, AppHostOptions options) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var notifications = services.GetRequiredService<ResourceNotificationService>();
            var clock = Stopwatch.StartNew();
            try
            {
                await notifications.WaitForResourceAsync(ResourceName, KnownResourceStates.Running, stoppingToken);
                clock.Restart();
                var done = await notifications.WaitForResourceAsync(ResourceName,
                    e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), stoppingToken);
                if (done.Snapshot.ExitCode == 0)
                {
                    await File.WriteAllTextAsync(Path.Combine(options.DataDirectory, MarkerFile),
                        string.Create(CultureInfo.InvariantCulture, $"relicctl seed --scale small, {(services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow():O}\n"), stoppingToken);
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"demo data: loaded (relicctl seed --scale small: the 31 provinces' sites) in {clock.Elapsed.TotalSeconds:0.0} s"));
                }
                else
                {
                    Console.Out.WriteLine($"demo data: relicctl seed exited with code {done.Snapshot.ExitCode}; its log is the " +
                        $"'{ResourceName}' console in the Aspire dashboard. The next start tries again.");
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped before the seed finished: the next start seeds again.
            }
        }
    }
}
