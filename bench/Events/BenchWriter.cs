using System.Diagnostics;
using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Bench.Events;

/// <summary>Writes "records" with their events the way a service does: one transaction per write.</summary>
public sealed class BenchWriter(NpgsqlDataSource dataSource, LagRecorder recorder)
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS bench_records (run integer NOT NULL, number integer NOT NULL, PRIMARY KEY (run, number));
        CREATE TABLE IF NOT EXISTS bench_effects (run integer NOT NULL, number integer NOT NULL);
        """;

    /// <summary>Writes <paramref name="events"/> events as fast as <paramref name="writers"/> concurrent writers can, <paramref name="perTransaction"/> per commit.</summary>
    public async Task<TimeSpan> WriteFlatOutAsync(int run, int events, int writers, int perTransaction, CancellationToken cancellationToken)
    {
        var next = -perTransaction;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int first;
            while ((first = Interlocked.Add(ref next, perTransaction)) < events)
            {
                await WriteAsync(run, first, Math.Min(perTransaction, events - first), cancellationToken);
            }
        }));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Writes at a steady rate (one event per transaction), the way live traffic arrives.</summary>
    public async Task<TimeSpan> WritePacedAsync(int run, int events, int perSecond, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = new List<Task>();
        try
        {
            for (var i = 0; i < events; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / perSecond);
                var wait = due - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, cancellationToken);
                }

                pending.Add(WriteAsync(run, i, 1, cancellationToken));
                if (pending.Count >= 64)
                {
                    pending.RemoveAll(t => t.IsCompleted);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Let the writes in flight end before the caller disposes the data source under them.
            await Task.WhenAll(pending).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }

        await Task.WhenAll(pending);
        return Stopwatch.GetElapsedTime(started);
    }

    async Task WriteAsync(int run, int first, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            "INSERT INTO bench_records (run, number) SELECT @run, n FROM generate_series(@first, @last) AS n", connection, transaction))
        {
            command.Parameters.AddWithValue("run", run);
            command.Parameters.AddWithValue("first", first);
            command.Parameters.AddWithValue("last", first + count - 1);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var events = Enumerable.Range(first, count)
            .Select(n => new OutboxEvent($"{run}:{n}", new BenchEventCommitted(run, n))).ToArray();
        await OutboxWriter.AppendAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        for (var n = first; n < first + count; n++)
        {
            recorder.Committed(n);
        }
    }
}
