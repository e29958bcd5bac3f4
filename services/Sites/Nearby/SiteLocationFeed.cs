using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using RelicSecurity.ServiceDefaults.Persistence;
using RelicSecurity.Sites.Persistence;

namespace RelicSecurity.Sites.Nearby;

/// <summary>
/// Keeps this instance's <see cref="SiteLocationIndex"/> current with the sites table, whoever wrote it
/// (this instance, another replica, an event consumer): loads every site at start, then reads the rows
/// changed since its last read, every <see cref="NearbyIndexOptions.PollInterval"/>.
/// </summary>
/// <remarks>
/// The changes come through a <see cref="ChangedRowsReader"/> (every row carries the id of the transaction that
/// last wrote it, migration 0004). Rows may be read again; applying a row twice is harmless (versions decide).
/// </remarks>
public sealed partial class SiteLocationFeed(
    SitesDatabase database, SiteLocationIndex index, IOptions<NearbyIndexOptions> options, ILogger<SiteLocationFeed> logger) : BackgroundService
{
    private readonly SemaphoreSlim reading = new(1, 1);
    private readonly ChangedRowsReader changes = new();
    private long lastReadTicks = long.MinValue;
    private volatile bool bulkLoad;

    /// <summary>True when the index has been loaded and brought up to date within <see cref="NearbyIndexOptions.MaxStaleness"/>.</summary>
    public bool IsCurrent =>
        options.Value.Enabled && changes.IsLoaded
        && Environment.TickCount64 - Interlocked.Read(ref lastReadTicks) <= (long)options.Value.MaxStaleness.TotalMilliseconds;

    /// <summary>Reads the changes committed so far into the index (after a write, so the writer sees it at once).</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || !changes.IsLoaded)
        {
            return; // not loaded yet: searches use SQL until the first load, which sees this write anyway
        }

        await ReadChangesAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadChangesAsync(stoppingToken);
                failures = 0;
                if (!bulkLoad && options.Value.KeepSites && index.WithoutEncodingCount > 0)
                {
                    await FillEncodingsAsync(stoppingToken);
                }

                await Task.Delay(bulkLoad ? options.Value.BulkPollInterval : options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong, the service stays up: until a read succeeds again searches fall
                // back to SQL (IsCurrent turns false after MaxStaleness).
                failures++;
                LogReadFailed(logger, ex, failures);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * Math.Pow(2, Math.Min(failures, 5)))), stoppingToken);
            }
        }
    }

    /// <summary>One read: everything on the first call, then what changed since the previous one.</summary>
    internal async Task<int> ReadChangesAsync(CancellationToken cancellationToken)
    {
        await reading.WaitAsync(cancellationToken);
        try
        {
            await using var read = await changes.BeginReadAsync(database.DataSource, cancellationToken);

            // Whole sites (for kept encodings) except while a bulk import is running: then positions only,
            // which is most of the import's cost saved; the encodings are filled in afterwards.
            var whole = options.Value.KeepSites && (read.IsFirst || !bulkLoad);
            var columns = whole ? $"{SiteRows.Columns}, ctid" : "site_id, latitude, longitude, category, risk_score, version, ctid";
            await using var changed = read.Command(
                read.IsFirst ? $"SELECT {columns} FROM sites" : $"SELECT {columns} FROM sites WHERE {read.ChangedSince()}");

            var rows = new List<IndexedSite>();
            await using (var reader = await changed.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (whole)
                    {
                        var site = SiteRows.Read(reader);
                        rows.Add(IndexedSite.Of(site, reader.GetFieldValue<NpgsqlTid>(SiteRows.ColumnCount), keepEncoding: true));
                    }
                    else
                    {
                        rows.Add(new IndexedSite(reader.GetGuid(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetInt16(3), reader.GetInt32(4), reader.GetInt64(5), reader.GetFieldValue<NpgsqlTid>(6)));
                    }
                }
            }

            await read.CommitAsync(cancellationToken);
            index.Apply(rows);
            bulkLoad = !read.IsFirst && rows.Count > options.Value.BulkRows;
            if (read.IsFirst)
            {
                LogLoaded(logger, index.Count);
            }

            read.MarkApplied();
            Interlocked.Exchange(ref lastReadTicks, Environment.TickCount64);
            return rows.Count;
        }
        finally
        {
            reading.Release();
        }
    }

    /// <summary>
    /// Reads the whole sites whose encodings the index lacks (after a bulk import), a small chunk per poll so
    /// the service's calls keep the cores: the national survey fills in about three minutes, and until then
    /// those sites' pages are read from the table (which also fills them in).
    /// </summary>
    internal async Task FillEncodingsAsync(CancellationToken cancellationToken)
    {
        var missing = index.WithoutEncoding(options.Value.FillChunk);
        if (missing.Count == 0)
        {
            return;
        }

        await using var command = database.DataSource.CreateCommand($"SELECT {SiteRows.Columns}, ctid FROM sites WHERE site_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = missing.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var rows = new List<IndexedSite>(missing.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(IndexedSite.Of(SiteRows.Read(reader), reader.GetFieldValue<NpgsqlTid>(SiteRows.ColumnCount)));
            }
        }

        index.Apply(rows);
    }

    public override void Dispose()
    {
        reading.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nearby index loaded: {Sites} sites")]
    private static partial void LogLoaded(ILogger logger, int sites);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading site changes for the nearby index failed ({Failures} in a row); searches use SQL until it succeeds")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, int failures);
}
