using Npgsql;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Paging;
using RelicSecurity.ServiceDefaults.Persistence;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>
/// How one of the service's lists reads: its table, its (time, id) sort key and direction, and its rows. The
/// inspection and rectification lists differ only in these and in their own filters; the paging around them is the same.
/// </summary>
internal sealed record KeysetList<T>(
    string Columns,
    string TableWithAlias,
    string ProvinceColumn,
    string AtColumn,
    string IdColumn,
    bool NewestFirst,
    Func<NpgsqlDataReader, T> Read,
    Func<T, KeysetPosition> PositionOf)
{
    /// <summary>The conditions every list starts with: the caller's province reach and the requested province.</summary>
    public SqlFilter ProvinceFilter(ProvinceReach reach, string? provinceCode)
    {
        ArgumentNullException.ThrowIfNull(reach);
        var where = new SqlFilter();
        if (reach.Only is { } only)
        {
            where.Add($"{ProvinceColumn} = {where.Parameter(only)}");
        }

        if (provinceCode is { } province)
        {
            where.Add($"{ProvinceColumn} = {where.Parameter(province)}");
        }

        return where;
    }

    /// <summary>
    /// One page after <paramref name="pageToken"/> and the exact total of <paramref name="where"/>, in one round trip.
    /// One row more than asked is read to know whether a next page exists (its token is "" when none does).
    /// </summary>
    /// <exception cref="RequestValidationException">The token was not issued for these filters.</exception>
    public async Task<(IReadOnlyList<T> Items, string NextPageToken, int TotalSize)> PageAsync(NpgsqlDataSource dataSource, SqlFilter where,
        uint fingerprint, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(where);
        KeysetPageToken? after = null;
        if (pageToken is not null && (after = KeysetPageToken.TryDecode(pageToken, fingerprint)) is null)
        {
            throw new RequestValidationException(
                ["page_token: is not a token of this query (tokens are opaque and only valid with the same filters)"]);
        }

        var total = where.Copy();
        if (after is not null)
        {
            where.Add($"({AtColumn}, {IdColumn}) {(NewestFirst ? "<" : ">")} ({where.Parameter(after.At)}, {where.Parameter(after.Id)})");
        }

        var direction = NewestFirst ? " DESC" : "";
        await using var batch = dataSource.CreateBatch();
        var page = new NpgsqlBatchCommand(
            $"SELECT {Columns} FROM {TableWithAlias} WHERE {where.Where} ORDER BY {AtColumn}{direction}, {IdColumn}{direction} LIMIT {pageSize + 1}");
        page.Parameters.AddRange(where.Parameters.ToArray());
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM {TableWithAlias} WHERE {total.Where}");
        count.Parameters.AddRange(total.Parameters.ToArray());
        batch.BatchCommands.Add(page);
        batch.BatchCommands.Add(count);

        var items = new List<T>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var totalSize = (int)reader.GetInt64(0);
        var next = "";
        if (items.Count > pageSize)
        {
            items.RemoveAt(items.Count - 1);
            var (at, id) = PositionOf(items[^1]);
            next = new KeysetPageToken(fingerprint, at, id).Encode();
        }

        return (items, next, totalSize);
    }
}

/// <summary>The sort key of a listed row.</summary>
internal readonly record struct KeysetPosition(DateTimeOffset At, Guid Id);
