using Npgsql;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>
/// Turns OPEN orders whose deadline has come into OVERDUE, with their RectificationOverdue events, in batches.
/// Exactly once per order, whatever number of instances scan at once: an order changes state and gets its
/// event in one transaction, and only while it is still OPEN (a row another scan or a verification holds is
/// skipped, and a row another scan already changed no longer matches). The advisory try-lock keeps replicas
/// from doing the same work twice over; correctness does not rest on it.
/// </summary>
public sealed class OverdueScan(InspectionsDatabase database)
{
    // Arbitrary constant shared by every Inspections instance: "the overdue scan runs here now".
    private const long ScanLockKey = 0x496E_7370_6563_02;

    /// <summary>What one pass did: orders marked, and whether another instance held the scan.</summary>
    public sealed record Pass(IReadOnlyList<RectificationOrder> MarkedOverdue, bool SkippedBusy);

    /// <summary>Marks up to <paramref name="batchSize"/> due orders; call again while a full batch came back.</summary>
    public async Task<Pass> MarkDueAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({ScanLockKey})", connection, transaction))
        {
            if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
            {
                await transaction.CommitAsync(cancellationToken);
                return new Pass([], SkippedBusy: true);
            }
        }

        var stored = Rows.Stored(now);
        await using var update = new NpgsqlCommand($"""
            WITH due AS (
                SELECT order_id FROM rectification_orders
                WHERE state = $1 AND deadline <= $2
                ORDER BY deadline
                LIMIT $3
                FOR UPDATE SKIP LOCKED)
            UPDATE rectification_orders AS o SET state = $4, overdue_at = $2, version = o.version + 1
            FROM due
            WHERE o.order_id = due.order_id AND o.state = $1
            RETURNING {Rows.OrderColumns}
            """, connection, transaction);
        update.Parameters.Add(Rows.Value((short)RectificationState.Open));
        update.Parameters.Add(Rows.Value(stored));
        update.Parameters.Add(Rows.Value(batchSize));
        update.Parameters.Add(Rows.Value((short)RectificationState.Overdue));
        var marked = await Rows.ReadAllAsync(update, Rows.ReadOrder, cancellationToken);

        await OutboxWriter.AppendAsync(connection, transaction, [
            .. marked.Select(o => new OutboxEvent(o.OrderId.ToString(), new RectificationOverdue(o.OrderId.ToString(), o.FindingId.ToString(),
                o.SiteId.ToString(), o.ProvinceCode, ApiNames.Of(o.Severity), o.Deadline, o.OverdueAt!.Value, o.Version))),
        ], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Pass(marked, SkippedBusy: false);
    }
}
