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

    /// <summary>
    /// Says when the seed is done and what it seeded (or why not), and marks the data directory once it succeeded. What was
    /// seeded is relicctl's own summary: its "seeded …" lines (sites; cases, relics, inspections), read from the resource's console.
    /// </summary>
    private sealed class DemoDataReport(IServiceProvider services, AppHostOptions options) : BackgroundService
    {
        /// <summary>The console may deliver the seed's last lines just after the process is reported finished.</summary>
        private static readonly TimeSpan SummaryPatience = TimeSpan.FromSeconds(5);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var notifications = services.GetRequiredService<ResourceNotificationService>();
            var clock = Stopwatch.StartNew();
            try
            {
                // Running, or already finished when this looks: either way its console is there to read.
                var running = await notifications.WaitForResourceAsync(ResourceName,
                    e => e.Snapshot.State?.Text == KnownResourceStates.Running || KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), stoppingToken);
                clock.Restart();
                var summary = new SeedSummary();
                _ = summary.CollectAsync(services.GetRequiredService<ResourceLoggerService>(), running.ResourceId, stoppingToken);
                var done = await notifications.WaitForResourceAsync(ResourceName,
                    e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), stoppingToken);
                if (done.Snapshot.ExitCode == 0)
                {
                    var seconds = clock.Elapsed.TotalSeconds;
                    await File.WriteAllTextAsync(Path.Combine(options.DataDirectory, MarkerFile),
                        string.Create(CultureInfo.InvariantCulture, $"relicctl seed --scale small, {(services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow():O}\n"), stoppingToken);
                    var lines = await summary.LinesAsync(SummaryPatience, stoppingToken);
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo data: loaded in {seconds:0.0} s by relicctl seed --scale small:"));
                    foreach (var line in lines.Count > 0 ? lines : ["(its summary is the 'demo-data' console in the Aspire dashboard)"])
                    {
                        Console.Out.WriteLine("  " + line);
                    }
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

    /// <summary>
    /// relicctl seed's summary lines from its console: "seeded 31 provinces, N sites …" and, after the records,
    /// "seeded N cases (…), N relics (…), N inspections with … ; N s in all", which ends it.
    /// </summary>
    private sealed class SeedSummary
    {
        private const string Marker = "seeded ";
        private const string LastLineEnd = "s in all";

        private readonly List<string> _lines = [];
        private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task CollectAsync(ResourceLoggerService logs, string resourceId, CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(cancellationToken))
                {
                    // The console may put a timestamp before the line: the summary starts at its marker.
                    foreach (var at in batch.Select(line => (line.Content, Index: line.Content.IndexOf(Marker, StringComparison.Ordinal))).Where(l => l.Index >= 0))
                    {
                        var text = at.Content[at.Index..].TrimEnd();
                        lock (_lines)
                        {
                            _lines.Add(text);
                        }

                        if (text.EndsWith(LastLineEnd, StringComparison.Ordinal))
                        {
                            _complete.TrySetResult();
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        /// <summary>The lines seen once the last one arrived, or whatever arrived within <paramref name="patience"/>.</summary>
        public async Task<IReadOnlyList<string>> LinesAsync(TimeSpan patience, CancellationToken cancellationToken)
        {
            try
            {
                await _complete.Task.WaitAsync(patience, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Printed as far as it came.
            }

            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }
}
