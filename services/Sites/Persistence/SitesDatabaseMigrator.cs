using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Sites.Persistence;

/// <summary>
/// Applies pending migrations (and the event backbone's outbox tables) while the host starts, before Kestrel accepts calls. Retries briefly
/// when PostgreSQL is not reachable yet (e.g. started in parallel), then fails the start loudly.
/// </summary>
public sealed partial class SitesDatabaseMigrator(SitesDatabase database, ILogger<SitesDatabaseMigrator> logger) : IHostedService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    public bool Completed { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            try
            {
                var applied = await MigrationRunner.ApplyAsync(database.DataSource, cancellationToken);

                // Writes append to messaging.outbox: make sure it exists before the first call, whatever
                // order the hosted services start in (idempotent).
                await OutboxSchema.EnsureCreatedAsync(database.DataSource, cancellationToken);
                LogMigrated(logger, applied.Count, string.Join(", ", applied));
                Completed = true;
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && DateTime.UtcNow - started < GiveUpAfter)
            {
                LogWaiting(logger, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sites database migrated: {Count} applied now ({Versions})")]
    private static partial void LogMigrated(ILogger logger, int count, string versions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the sites database: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
