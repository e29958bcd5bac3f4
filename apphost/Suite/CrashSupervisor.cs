using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RelicSecurity.AppHost.Suite;

/// <summary>
/// Restarts a suite project that stopped by itself (a crash, a kill, a fatal start-up error), since Aspire 13.6 has no
/// restart policy for projects: it prints why (exit code, its last error lines) and starts it again through the
/// resource's own start command after a backoff of 1, 2, 4 … 30 s, reset once a run has lasted a minute. A stop asked
/// for (Ctrl+C, the dashboard's stop button: the resource passes through "Stopping") is left alone.
/// </summary>
internal sealed class CrashSupervisor(IServiceProvider services) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableRun = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Watched> _watched = new();
    private readonly TimeProvider _time = services.GetService<TimeProvider>() ?? TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Resource is not ProjectResource || update.Resource.Name == DemoData.ResourceName || lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    continue;
                }

                var watched = _watched.GetOrAdd(update.ResourceId, id => Watch(id, update.Resource.Name, stoppingToken));
                var state = update.Snapshot.State?.Text;
                var previous = watched.State;
                watched.State = state;
                if (state == KnownResourceStates.Running && previous != KnownResourceStates.Running)
                {
                    watched.RunningSince = _time.GetUtcNow();
                }

                if (IsStop(state) && previous is not null && previous != KnownResourceStates.Stopping && !IsStop(previous))
                {
                    _ = RestartAsync(watched, update.Snapshot.ExitCode, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The app host is stopping.
        }
    }

    private static bool IsStop(string? state) =>
        state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart;

    private async Task RestartAsync(Watched watched, int? exitCode, CancellationToken stoppingToken)
    {
        var ranLong = watched.RunningSince is { } since && _time.GetUtcNow() - since >= StableRun;
        watched.Attempt = ranLong ? 1 : watched.Attempt + 1;
        var delay = TimeSpan.FromTicks(Math.Min(LongestDelay.Ticks, FirstDelay.Ticks << Math.Min(watched.Attempt - 1, 5)));
        var reason = exitCode is { } code ? ExitReason(code) : "stopped";
        var lastError = watched.LastError is { } error ? $"; last error: {error}" : "";
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{watched.Name} stopped unexpectedly ({reason}{lastError}); restarting in {delay.TotalSeconds:0} s (attempt {watched.Attempt})"));
        try
        {
            await Task.Delay(delay, stoppingToken);
            var commands = services.GetRequiredService<ResourceCommandService>();
            var result = await commands.ExecuteCommandAsync(watched.ResourceId, KnownResourceCommands.StartCommand, stoppingToken);
            Console.Out.WriteLine(result.Success
                ? $"{watched.Name} restarted"
                : $"{watched.Name} could not be restarted: {result.Message}");
        }
        catch (OperationCanceledException)
        {
            // The app host is stopping: nothing to restart.
        }
    }

    private static string ExitReason(int code) => code switch
    {
        137 or -9 => "exit code 137: killed (SIGKILL)",
        // What DCP reports for a process that ended by a signal without an exit status of its own.
        -1 => "no exit code: killed by a signal or crashed",
        139 => "exit code 139: segmentation fault",
        143 or -15 => "exit code 143: terminated (SIGTERM)",
        _ => string.Create(CultureInfo.InvariantCulture, $"exit code {code}"),
    };

    /// <summary>Keeps the resource's last error line from its console, to say why it stopped.</summary>
    private Watched Watch(string resourceId, string name, CancellationToken stoppingToken)
    {
        var watched = new Watched(resourceId, name);
        var logs = services.GetRequiredService<ResourceLoggerService>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(stoppingToken))
                {
                    foreach (var line in batch.Where(l => l.IsErrorMessage || l.Content.Contains("fail:", StringComparison.Ordinal)
                                 || l.Content.Contains("crit:", StringComparison.Ordinal) || l.Content.Contains("Unhandled exception", StringComparison.Ordinal)))
                    {
                        watched.LastError = line.Content.Length > 300 ? line.Content[..300] + "…" : line.Content;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }, stoppingToken);
        return watched;
    }

    private sealed class Watched(string resourceId, string name)
    {
        public string ResourceId { get; } = resourceId;

        public string Name { get; } = name;

        public string? State { get; set; }

        public DateTimeOffset? RunningSince { get; set; }

        public int Attempt { get; set; }

        public string? LastError { get; set; }
    }
}
