using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.Inspections.Validation;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Paging;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>
/// Rectification orders: issue, verify, list. Each write decides under the lock of the row it changes (the
/// finding for an issue, the order for a verification) and commits its event with it through the outbox.
/// </summary>
public sealed class RectificationRepository(InspectionsDatabase database)
{
    // Soonest deadline first: the orders most in need of attention lead the list.
    private static readonly KeysetList<RectificationOrder> Listing = new(Rows.OrderColumns, "rectification_orders o", "o.province_code",
        "o.deadline", "o.order_id", NewestFirst: false, Rows.ReadOrder, o => new KeysetPosition(o.Deadline, o.OrderId));

    public async Task<RectificationOrder> IssueAsync(NewRectification order, string issuedBy, string? requestId, ProvinceReach reach, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(reach);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Orders of one finding are decided one at a time: the finding's row lock serializes them.
        await using var lockFinding = new NpgsqlCommand($"SELECT {Rows.FindingColumns} FROM findings f WHERE f.finding_id = $1 FOR UPDATE", connection, transaction);
        lockFinding.Parameters.Add(Rows.Value(order.FindingId));
        var finding = await Rows.ReadSingleAsync(lockFinding, Rows.ReadFinding, cancellationToken);
        if (finding is null || !reach.Allows(finding.ProvinceCode))
        {
            throw new RecordNotFoundException("finding", order.FindingId.ToString());
        }

        if (!string.IsNullOrEmpty(requestId))
        {
            await using var repeated = new NpgsqlCommand($"SELECT {Rows.OrderColumns} FROM rectification_orders o WHERE o.issued_by = $1 AND o.request_id = $2",
                connection, transaction);
            repeated.Parameters.Add(Rows.Value(issuedBy));
            repeated.Parameters.Add(Rows.Value(requestId));
            if (await Rows.ReadSingleAsync(repeated, Rows.ReadOrder, cancellationToken) is { } first)
            {
                await transaction.CommitAsync(cancellationToken);
                return first;
            }
        }

        await using (var existing = new NpgsqlCommand("SELECT state FROM rectification_orders WHERE finding_id = $1", connection, transaction))
        {
            existing.Parameters.Add(Rows.Value(order.FindingId));
            RectificationRules.EnsureCanIssue(order.FindingId, await Rows.ReadAllAsync(existing, r => (RectificationState)r.GetInt16(0), cancellationToken));
        }

        await using var insert = new NpgsqlCommand($"""
            INSERT INTO rectification_orders AS o (order_id, finding_id, site_id, province_code, severity, responsible_unit, deadline, state,
                version, issued_at, issued_by, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11)
            RETURNING {Rows.OrderColumns}
            """, connection, transaction);
        insert.Parameters.Add(Rows.Value(Guid.CreateVersion7()));
        insert.Parameters.Add(Rows.Value(finding.FindingId));
        insert.Parameters.Add(Rows.Value(finding.SiteId));
        insert.Parameters.Add(Rows.Value(finding.ProvinceCode));
        insert.Parameters.Add(Rows.Value((short)finding.Severity));
        insert.Parameters.Add(Rows.Value(order.ResponsibleUnit));
        insert.Parameters.Add(Rows.Value(Rows.Stored(order.Deadline)));
        insert.Parameters.Add(Rows.Value((short)RectificationState.Open));
        insert.Parameters.Add(Rows.Value(Rows.Stored(now)));
        insert.Parameters.Add(Rows.Value(issuedBy));
        insert.Parameters.Add(Rows.Text(requestId));
        var created = await Rows.ReadSingleAsync(insert, Rows.ReadOrder, cancellationToken)
            ?? throw new InvalidOperationException("INSERT ... RETURNING returned no order");

        await OutboxWriter.AppendAsync(connection, transaction, [
            new(created.OrderId.ToString(), new RectificationIssued(created.OrderId.ToString(), created.FindingId.ToString(), created.SiteId.ToString(),
                created.ProvinceCode, ApiNames.Of(created.Severity), created.ResponsibleUnit, created.Deadline, created.IssuedAt, created.Version)),
        ], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<RectificationOrder> VerifyAsync(Verification verification, ProvinceReach reach, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(reach);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var lockOrder = new NpgsqlCommand($"SELECT {Rows.OrderColumns} FROM rectification_orders o WHERE o.order_id = $1 FOR UPDATE",
            connection, transaction);
        lockOrder.Parameters.Add(Rows.Value(verification.OrderId));
        var current = await Rows.ReadSingleAsync(lockOrder, Rows.ReadOrder, cancellationToken);
        if (current is null || !reach.Allows(current.ProvinceCode))
        {
            throw new RecordNotFoundException("order", verification.OrderId.ToString());
        }

        VersionConflictException.ThrowIfStale("order", current.OrderId.ToString(), verification.ExpectedVersion, current.Version);
        var target = RectificationRules.Verify(current, verification.Passed);
        await using var update = new NpgsqlCommand($"""
            UPDATE rectification_orders AS o SET state = $2, verified_at = $3, note = $4, version = version + 1
            WHERE o.order_id = $1
            RETURNING {Rows.OrderColumns}
            """, connection, transaction);
        update.Parameters.Add(Rows.Value(current.OrderId));
        update.Parameters.Add(Rows.Value((short)target));
        update.Parameters.Add(Rows.Value(Rows.Stored(now)));
        update.Parameters.Add(Rows.Value(verification.Note));
        var updated = await Rows.ReadSingleAsync(update, Rows.ReadOrder, cancellationToken)
            ?? throw new RecordNotFoundException("order", verification.OrderId.ToString());

        await OutboxWriter.AppendAsync(connection, transaction, [
            new(updated.OrderId.ToString(), new RectificationVerified(updated.OrderId.ToString(), updated.FindingId.ToString(), updated.SiteId.ToString(),
                updated.ProvinceCode, ApiNames.Of(updated.Severity), verification.Passed, ApiNames.Of(current.State), updated.Note,
                updated.VerifiedAt!.Value, updated.Version)),
        ], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    public async Task<RectificationOrder> GetAsync(Guid orderId, ProvinceReach reach, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reach);
        await using var command = database.DataSource.CreateCommand($"SELECT {Rows.OrderColumns} FROM rectification_orders o WHERE o.order_id = $1");
        command.Parameters.Add(Rows.Value(orderId));
        var order = await Rows.ReadSingleAsync(command, Rows.ReadOrder, cancellationToken);
        return order is not null && reach.Allows(order.ProvinceCode) ? order : throw new RecordNotFoundException("order", orderId.ToString());
    }

    public async Task<(IReadOnlyList<RectificationOrder> Orders, string NextPageToken, int TotalSize)> ListAsync(RectificationFilter filter,
        ProvinceReach reach, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(reach);
        var fingerprint = FilterFingerprint.Of("rectifications", filter.ProvinceCode, filter.State?.ToString(), filter.SiteId?.ToString(), reach.Only);
        var where = Listing.ProvinceFilter(reach, filter.ProvinceCode);

        if (filter.State is { } state)
        {
            where.Add($"o.state = {where.Parameter((short)state)}");
        }

        if (filter.SiteId is { } siteId)
        {
            where.Add($"o.site_id = {where.Parameter(siteId, NpgsqlDbType.Uuid)}");
        }

        return await Listing.PageAsync(database.DataSource, where, fingerprint, filter.PageToken, filter.PageSize, cancellationToken);
    }
}
