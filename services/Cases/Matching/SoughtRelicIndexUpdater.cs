using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Cases.Domain;
using RelicSecurity.Cases.Persistence;
using RelicSecurity.ServiceDefaults.Persistence;

namespace RelicSecurity.Cases.Matching;

/// <summary>
/// Keeps this instance's <see cref="SoughtRelicIndex"/> current with the relics and cases tables, whoever wrote them
/// (this instance, another replica, an event consumer): loads the sought list at start, then reads the rows changed
/// since its last read — every <see cref="MatchSettings.IndexPollInterval"/>, and before a search that follows a write of
/// this instance (<see cref="CatchUpAsync"/>, <see cref="SoughtListWrites"/>), so a relic registered here a moment ago is
/// found at once.
/// </summary>
/// <remarks>
/// The changes come through a <see cref="ChangedRowsReader"/> (every row carries the id of the transaction that last
/// wrote it, migration 0003). Rows may be read again; applying a row twice is harmless (it states the row as it is).
/// Searches arriving while a read runs share the next one: however many callers, reads run one at a time.
/// </remarks>
public sealed partial class SoughtRelicIndexUpdater(
    CasesDatabase database, SoughtRelicIndex index, MatchSettings settings, SoughtListWrites writes, TimeProvider time,
    ILogger<SoughtRelicIndexUpdater> logger) : BackgroundService
{
    private const short Stolen = (short)RelicStatus.Stolen;
    private TaskCompletionSource<bool> _nextRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reading;
    private int _requested;
    private readonly ChangedRowsReader _changes = new();
    private long _writesBeforeLastRead = -1;
    private long _lastReadSucceededAt;

    /// <summary>Whether the sought list has been loaded (until then MatchRelic searches in PostgreSQL alone).</summary>
    public bool IsLoaded => _changes.IsLoaded;

    /// <summary>
    /// True once the index holds every change this instance committed before the call (and other instances' up to
    /// <see cref="MatchSettings.IndexPollInterval"/> ago): at once when nothing was written here since the last read
    /// began, else after a read that starts after this call. False if the index is not loaded or reads fail (search in
    /// PostgreSQL then).
    /// </summary>
    public Task<bool> CatchUpAsync()
    {
        if (!IsLoaded)
        {
            return Task.FromResult(false);
        }

        if (writes.Count == Interlocked.Read(ref _writesBeforeLastRead)
            && time.GetElapsedTime(Interlocked.Read(ref _lastReadSucceededAt)) <= 3 * settings.IndexPollInterval)
        {
            // Nothing written here since the last read began, and the periodic reads are succeeding: the index holds
            // this instance's writes, and other instances' up to a poll interval ago.
            return Task.FromResult(true);
        }

        return ReadAfterNowAsync();
    }

    /// <summary>Waits for a read that starts after this call (concurrent callers share one).</summary>
    private Task<bool> ReadAfterNowAsync()
    {
        var next = Volatile.Read(ref _nextRead);
        Interlocked.Exchange(ref _requested, 1);
        StartReadsIfIdle();
        return next.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.IndexSearches)
        {
            return;
        }

        var failures = 0;
        while (!IsLoaded)
        {
            try
            {
                await ReadAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                LogReadFailed(logger, ex, failures);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * Math.Pow(2, Math.Min(failures, 5)))), stoppingToken);
            }
        }

        LogLoaded(logger, index.SoughtCount);
        using var timer = new PeriodicTimer(settings.IndexPollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Brings in other instances' writes (searches ask for a read only after this instance's own).
            await ReadAfterNowAsync();
        }
    }

    private void StartReadsIfIdle()
    {
        if (Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
        {
            _ = RunReadsAsync();
        }
    }

    private async Task RunReadsAsync()
    {
        while (true)
        {
            Interlocked.Exchange(ref _requested, 0);
            // Whoever took this completion before the swap arrived before this read started.
            var current = Interlocked.Exchange(ref _nextRead, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
            bool succeeded;
            try
            {
                await ReadAsync(CancellationToken.None);
                succeeded = true;
            }
            catch (Exception ex)
            {
                LogReadFailed(logger, ex, 1);
                succeeded = false;
            }

            current.TrySetResult(succeeded);
            Volatile.Write(ref _reading, 0);
            // A caller that took the new completion while this read ran needs a read of its own.
            if (Volatile.Read(ref _requested) == 0 || Interlocked.CompareExchange(ref _reading, 1, 0) != 0)
            {
                return;
            }
        }
    }

    /// <summary>One read: the sought list and every case on the first call, then what changed since the previous one.</summary>
    internal async Task ReadAsync(CancellationToken cancellationToken)
    {
        // Taken before the snapshot: a write counted after this may or may not be in it, so it asks for another read.
        var writesBefore = writes.Count;
        await using var read = await _changes.BeginReadAsync(database.DataSource, cancellationToken);
        var cases = new List<CaseProvinces>();
        await using (var changedCases = read.Command(
            read.IsFirst
                ? "SELECT case_id, province_codes FROM cases WHERE case_id IN (SELECT case_id FROM relics WHERE status = 1)"
                : $"SELECT case_id, province_codes FROM cases WHERE {read.ChangedSince()}"))
        await using (var reader = await changedCases.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                cases.Add(new CaseProvinces(reader.GetGuid(0), reader.GetFieldValue<string[]>(1)));
            }
        }

        var relics = new List<SoughtRelicState>();
        await using (var changedRelics = read.Command(
            $"""
            SELECT r.relic_id, r.case_id, r.status, tsvector_to_array(r.match_terms), r.match_type, r.match_materials, r.match_period, c.province_codes
            FROM relics r JOIN cases c ON c.case_id = r.case_id
            WHERE {(read.IsFirst ? $"r.status = {Stolen}" : read.ChangedSince("r.written_by_xact"))}
            """))
        await using (var reader = await changedRelics.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var sought = reader.GetInt16(2) == Stolen;
                var columns = sought
                    ? new MatchColumns("", reader.GetFieldValue<string[]>(3), reader.GetString(4), reader.GetFieldValue<string[]>(5), reader.GetString(6))
                    : null;
                relics.Add(new SoughtRelicState(reader.GetGuid(0), reader.GetGuid(1), sought, columns));
                if (!read.IsFirst)
                {
                    // A relic newly sought may belong to a case the index has not met.
                    cases.Add(new CaseProvinces(reader.GetGuid(1), reader.GetFieldValue<string[]>(7)));
                }
            }
        }

        await read.CommitAsync(cancellationToken);
        index.Apply(relics, cases);
        read.MarkApplied();
        Interlocked.Exchange(ref _writesBeforeLastRead, writesBefore);
        Interlocked.Exchange(ref _lastReadSucceededAt, time.GetTimestamp());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MatchRelic index loaded: {Relics} sought relics")]
    private static partial void LogLoaded(ILogger logger, int relics);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading relic changes for the MatchRelic index failed ({Failures} in a row); searches use PostgreSQL alone until it succeeds")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, int failures);
}
