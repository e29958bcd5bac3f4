using Npgsql;

namespace RelicSecurity.ServiceDefaults.Persistence;

/// <summary>One read of a <see cref="ChangedRowsReader"/>: its connection and snapshot, and what "changed" means in it.</summary>
public sealed class ChangedRowsRead : IAsyncDisposable
{
    private readonly ChangedRowsReader _reader;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly string? _previousHorizon;
    private readonly string _snapshotHorizon;

    internal ChangedRowsRead(ChangedRowsReader reader, NpgsqlConnection connection, NpgsqlTransaction transaction, string? previousHorizon,
        string snapshotHorizon)
    {
        _reader = reader;
        _connection = connection;
        _transaction = transaction;
        _previousHorizon = previousHorizon;
        _snapshotHorizon = snapshotHorizon;
    }

    /// <summary>True on the first read (nothing applied yet): the caller reads whole tables, not changes.</summary>
    public bool IsFirst => _previousHorizon is null;

    /// <summary>The SQL condition "this row was written since the previous read" on the given xid8 column.</summary>
    /// <remarks>
    /// The horizon goes in as a literal (a number PostgreSQL itself gave): the planner then sees how recent it is and
    /// reads the few changed rows through the column's index, which a generic plan for "column >= $1" cannot know.
    /// </remarks>
    public string ChangedSince(string column = "written_by_xact") =>
        _previousHorizon is { } previous
            ? $"{column} >= '{previous}'::xid8"
            : throw new InvalidOperationException("The first read reads whole tables: there is no previous read to compare with.");

    /// <summary>A command in this read's snapshot.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction);

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    /// <summary>Call once the rows are in the copy: the next read asks for changes since this read's snapshot.</summary>
    public void MarkApplied() => _reader.Advance(_snapshotHorizon);

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
