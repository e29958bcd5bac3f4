using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>
/// Applies pending migrations and the outbox tables while the host starts, before Kestrel accepts calls and
/// before the overdue scan runs. Retries briefly while PostgreSQL is not reachable yet, then fails the start.
/// </summary>
public sealed partial class InspectionsDatabaseMigrator(InspectionsDatabase database, ILogger<InspectionsDatabaseMigrator> logger)
    : IHostedService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    public bool Completed { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Real elapsed time, not the injected clock: tests that hold a fake clock still must not wait for ever.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                var applied = await MigrationRunner.ApplyAsync(database.DataSource, cancellationToken);
                await OutboxSchema.EnsureCreatedAsync(database.DataSource, cancellationToken);
                LogMigrated(logger, applied.Count, string.Join(", ", applied));
                Completed = true;
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && System.Diagnostics.Stopwatch.GetElapsedTime(started) < GiveUpAfter)
            {
                LogWaiting(logger, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Inspections database migrated: {Count} applied now ({Versions})")]
    private static partial void LogMigrated(ILogger logger, int count, string versions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the inspections database: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
