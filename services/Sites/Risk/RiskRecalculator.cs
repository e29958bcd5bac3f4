using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.Sites.Application;
using RelicSecurity.Sites.Persistence;

namespace RelicSecurity.Sites.Risk;

/// <summary>
/// Recomputes the risk of every site the event consumers queued (site_risk_pending) from its per-record inputs,
/// one site per transaction: lock the site, count, update it and append SiteRiskChanged to the outbox when the
/// score moved, drop the queue entries it covered, commit, then tell live watchers. Consumers wake it after each
/// commit; it also polls, so entries left by another instance or a crash are picked up. Every instance runs one;
/// two working on the same site queue behind the site's row lock and the second finds nothing left to change.
/// </summary>
public sealed partial class RiskRecalculator(SitesDatabase database, RiskUpdateHub riskHub, TimeProvider time,
    ILogger<RiskRecalculator> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    private const int SitesPerPass = 200;

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Asks for a pass now (called after a consumer committed new inputs).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A pass is already requested.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await PassAsync(stoppingToken) == SitesPerPass)
                {
                    // A full page: more may be waiting.
                }

                await _wake.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // The entries stay queued; the next pass after the database is back takes them.
                LogPassFailed(logger, ex);
                await Task.Delay(RetryAfterFailure, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One pass over the oldest queued sites; returns how many it handled.</summary>
    internal async Task<int> PassAsync(CancellationToken cancellationToken)
    {
        var pending = await RiskInputStore.PendingAsync(database.DataSource, SitesPerPass, cancellationToken);
        foreach (var (siteId, upTo) in pending)
        {
            await RecalculateAsync(siteId, upTo, cancellationToken);
        }

        return pending.Count;
    }

    private async Task RecalculateAsync(Guid siteId, long upTo, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        SiteWriteResult? result = null;
        // The site's row lock first, then the count: a second instance recalculating the same site waits here and
        // then counts what the first committed, so an older count can never overwrite a newer one.
        if (await RiskInputStore.LockSiteAsync(connection, transaction, siteId, cancellationToken))
        {
            var inputs = await RiskInputStore.CountAsync(connection, transaction, siteId, cancellationToken);
            var reason = await RiskInputStore.ReasonsAsync(connection, transaction, siteId, upTo, cancellationToken);
            result = await SiteRepository.ApplyRiskInputAsync(connection, transaction, siteId, inputs.ApplyTo, reason,
                inputs.LastInspectedAt, cancellationToken);
        }
        else
        {
            // Events about a site this registry does not hold: nothing to recompute, the entries are dropped.
            LogUnknownSite(logger, siteId);
        }

        await RiskInputStore.DequeueAsync(connection, transaction, siteId, upTo, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (result is not null)
        {
            // After the commit: a Redis outage costs only the live notification (RiskUpdateHub logs it).
            await (result.RiskChange is { } change ? riskHub.PublishAsync(SiteCatalog.ToUpdate(result.Site, change)) : Task.CompletedTask);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk recalculation pass failed; queued sites are retried")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk inputs arrived for site {SiteId}, which is not registered; dropped")]
    private static partial void LogUnknownSite(ILogger logger, Guid siteId);
}
