using System.Data;
using System.Globalization;
using Npgsql;

namespace RelicSecurity.ServiceDefaults.Persistence;

/// <summary>
/// Reads, again and again, the rows of PostgreSQL tables changed since the previous read, for an in-memory copy that
/// must follow every writer (this instance, other replicas, event consumers). The tables read carry the id of the
/// transaction that last wrote each row (a <c>written_by_xact xid8</c> column set by a trigger).
/// </summary>
/// <remarks>
/// "Changed since" must not miss a transaction that started before the last read but committed after it. Each read
/// runs in one REPEATABLE READ snapshot and asks for rows written by transactions with id ≥ xmin of the previous
/// read's snapshot: a transaction whose rows the previous read could not see was still running then or began later,
/// so its id is ≥ that xmin and this read (or a later one) sees it once committed. Rows may be read again meanwhile,
/// so applying a row must be harmless the second time. One instance serves one copy; its reads must not overlap.
/// </remarks>
public sealed class ChangedRowsReader
{
    private string? _horizon;

    /// <summary>Whether a first, whole read has been applied (from then on reads return changes only).</summary>
    public bool IsLoaded => Volatile.Read(ref _horizon) is not null;

    /// <summary>
    /// Opens a read: a REPEATABLE READ transaction whose snapshot is fixed here. Query it with
    /// <see cref="ChangedRowsRead.Command"/>, commit, apply the rows, then <see cref="ChangedRowsRead.MarkApplied"/>.
    /// </summary>
    public async Task<ChangedRowsRead> BeginReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

            // The first statement fixes the transaction's snapshot; its xmin is the next read's horizon.
            await using var snapshot = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", connection, transaction);
            var xmin = ulong.Parse((string)(await snapshot.ExecuteScalarAsync(cancellationToken))!, CultureInfo.InvariantCulture)
                .ToString(CultureInfo.InvariantCulture);
            return new ChangedRowsRead(this, connection, transaction, Volatile.Read(ref _horizon), xmin);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    internal void Advance(string horizon) => Volatile.Write(ref _horizon, horizon);
}
