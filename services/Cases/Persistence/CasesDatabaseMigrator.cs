using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Cases.Persistence;

/// <summary>
/// Applies pending migrations and the event backbone's tables while the host starts, then lets the service role
/// append to the outbox (writes add their events in their own transaction, as that role). Retries briefly while
/// PostgreSQL is not reachable yet, then fails the start loudly.
/// </summary>
public sealed partial class CasesDatabaseMigrator(CasesDatabase database, TimeProvider time, ILogger<CasesDatabaseMigrator> logger) : IHostedService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private const string OutboxGrants = $"""
        GRANT USAGE ON SCHEMA messaging TO {CasesDatabase.ServiceRole};
        GRANT SELECT, INSERT ON messaging.outbox TO {CasesDatabase.ServiceRole};
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA messaging TO {CasesDatabase.ServiceRole};
        """;

    public bool Completed { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                var applied = await MigrationRunner.ApplyAsync(database.OwnerDataSource, cancellationToken);
                await OutboxSchema.EnsureCreatedAsync(database.OwnerDataSource, cancellationToken);
                await using (var grant = database.OwnerDataSource.CreateCommand(OutboxGrants))
                {
                    await grant.ExecuteNonQueryAsync(cancellationToken);
                }

                LogMigrated(logger, applied.Count, string.Join(", ", applied));
                Completed = true;
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && time.GetElapsedTime(started) < GiveUpAfter)
            {
                LogWaiting(logger, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cases database migrated: {Count} applied now ({Versions})")]
    private static partial void LogMigrated(ILogger logger, int count, string versions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the cases database: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
