using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelicSecurity.Inspections.Persistence;

namespace RelicSecurity.Inspections.Overdue;

/// <summary>
/// Runs the overdue scan at start (catching up on every deadline that passed while no instance ran) and
/// then every <see cref="OverdueScanOptions.Interval"/> on the injected clock. Every instance runs one;
/// <see cref="OverdueScan"/> makes sure each order is marked, and announced, once.
/// </summary>
public sealed partial class OverdueWatcher(OverdueScan scan, TimeProvider time, IOptions<OverdueScanOptions> options, ILogger<OverdueWatcher> logger)
    : BackgroundService
{
    private long _passes;

    /// <summary>Completed scans (each may be several batches), for tests that wait for one after moving the clock.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.Interval, time);
        try
        {
            do
            {
                await ScanAsync(settings.BatchSize, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping: the next instance to run catches up.
        }
    }

    /// <summary>One scan: batches until the due orders are all marked or another instance holds the scan.</summary>
    public async Task ScanAsync(int batchSize, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var pass = await scan.MarkDueAsync(time.GetUtcNow(), batchSize, cancellationToken);
                if (pass.MarkedOverdue.Count > 0)
                {
                    LogMarked(logger, pass.MarkedOverdue.Count);
                }

                if (pass.SkippedBusy || pass.MarkedOverdue.Count < batchSize)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // The database is away: the next tick tries again, and whatever fell due meanwhile is still OPEN.
            LogScanFailed(logger, ex);
        }
        finally
        {
            Interlocked.Increment(ref _passes);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} rectification orders passed their deadline and are now OVERDUE")]
    private static partial void LogMarked(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Overdue scan failed; retrying at the next interval")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
