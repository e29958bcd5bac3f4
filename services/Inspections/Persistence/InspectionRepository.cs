using Npgsql;
using NpgsqlTypes;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Paging;
using RelicSecurity.Inspections.Validation;

namespace RelicSecurity.Inspections.Persistence;

/// <summary>
/// Reads and writes inspections and their findings. Every write appends its integration events to the outbox
/// in the same transaction, so an event exists exactly when its change was committed. Records outside the
/// caller's <see cref="ProvinceReach"/> are reported as not found.
/// </summary>
public sealed class InspectionRepository(InspectionsDatabase database)
{
    private static readonly KeysetList<Inspection> Listing = new(Rows.InspectionColumns, "inspections i", "i.province_code",
        "i.created_at", "i.inspection_id", NewestFirst: true, Rows.ReadInspection, i => new KeysetPosition(i.CreatedAt, i.InspectionId));

    /// <summary>Stores a new inspection, or returns the one this caller already created with this request_id.</summary>
    public async Task<Inspection> PlanAsync(PlannedInspection plan, string caller, string? requestId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = await InsertAsync(connection, transaction, plan, caller, requestId, Rows.Stored(now), cancellationToken);
        if (created is null)
        {
            // The same caller already used this request_id: answer with what that call created.
            var first = await FindByRequestAsync(connection, transaction, caller, requestId!, cancellationToken)
                ?? throw new InvalidOperationException("request_id conflicted but its inspection is gone");
            await transaction.CommitAsync(cancellationToken);
            return first;
        }

        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>
    /// Inserts and announces an inspection inside the caller's transaction; null when (caller, request_id) exists.
    /// Shared with the RISK_TRIGGERED planner, which decides and inserts under one lock.
    /// </summary>
    internal static async Task<Inspection?> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        PlannedInspection plan, string caller, string? requestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            WITH i AS (
                INSERT INTO inspections (inspection_id, title, province_code, lead_department, participating_departments, site_ids,
                    window_start, window_end, state, origin, version, created_at, updated_at, created_by, request_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11, $12, $13)
                ON CONFLICT (created_by, request_id) DO NOTHING
                RETURNING *)
            SELECT 
            """ + Rows.InspectionColumns + " FROM i", connection, transaction);
        insert.Parameters.Add(Rows.Value(Guid.CreateVersion7()));
        insert.Parameters.Add(Rows.Value(plan.Title));
        insert.Parameters.Add(Rows.Value(plan.ProvinceCode));
        insert.Parameters.Add(Rows.Value((short)plan.LeadDepartment));
        insert.Parameters.Add(new NpgsqlParameter { Value = plan.ParticipatingDepartments.Select(d => (short)d).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        insert.Parameters.Add(new NpgsqlParameter { Value = plan.SiteIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        insert.Parameters.Add(Rows.Value(Rows.Stored(plan.WindowStart)));
        insert.Parameters.Add(Rows.Value(Rows.Stored(plan.WindowEnd)));
        insert.Parameters.Add(Rows.Value((short)InspectionState.Planned));
        insert.Parameters.Add(Rows.Value((short)plan.Origin));
        insert.Parameters.Add(Rows.Value(now));
        insert.Parameters.Add(Rows.Value(caller));
        insert.Parameters.Add(Rows.Text(requestId));
        var created = await Rows.ReadSingleAsync(insert, Rows.ReadInspection, cancellationToken);
        if (created is not null)
        {
            await OutboxWriter.AppendAsync(connection, transaction, [
                new(created.InspectionId.ToString(), new InspectionPlanned(created.InspectionId.ToString(), created.Title, created.ProvinceCode,
                    ApiNames.Of(created.LeadDepartment), [.. created.ParticipatingDepartments.Select(ApiNames.Of)],
                    [.. created.SiteIds.Select(s => s.ToString())], created.WindowStart, created.WindowEnd, ApiNames.Of(created.Origin),
                    created.CreatedAt, created.Version)),
            ], cancellationToken);
        }

        return created;
    }

    /// <summary>The inspection this caller already planned with this request_id, if any.</summary>
    public async Task<Inspection?> FindPlannedAsync(string caller, string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await FindByRequestAsync(connection, transaction, caller, requestId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    public async Task<Inspection> GetAsync(Guid inspectionId, ProvinceReach reach, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reach);
        await using var command = database.DataSource.CreateCommand($"SELECT {Rows.InspectionColumns} FROM inspections i WHERE i.inspection_id = $1");
        command.Parameters.Add(Rows.Value(inspectionId));
        var inspection = await Rows.ReadSingleAsync(command, Rows.ReadInspection, cancellationToken);
        return inspection is not null && reach.Allows(inspection.ProvinceCode)
            ? inspection
            : throw new RecordNotFoundException("inspection", inspectionId.ToString());
    }

    /// <summary>Start, complete or cancel: the state machine decides under the row's lock, the event commits with the change.</summary>
    public async Task<Inspection> MoveAsync(Guid inspectionId, InspectionMove move, long expectedVersion, ProvinceReach reach, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockAsync(connection, transaction, inspectionId, reach, cancellationToken);
        VersionConflictException.ThrowIfStale("inspection", inspectionId.ToString(), expectedVersion, current.Version);
        var target = InspectionStateMachine.Apply(current, move);
        var updated = await SetStateAsync(connection, transaction, inspectionId, target, Rows.Stored(now), cancellationToken);

        var id = updated.InspectionId.ToString();
        var sites = updated.SiteIds.Select(s => s.ToString()).ToList();
        object message = move switch
        {
            InspectionMove.Start => new InspectionStarted(id, updated.ProvinceCode, sites, updated.UpdatedAt, updated.Version),
            InspectionMove.Complete => new InspectionCompleted(id, updated.ProvinceCode, sites, updated.FindingIds.Count, updated.UpdatedAt, updated.Version),
            _ => new InspectionCancelled(id, updated.ProvinceCode, sites, ApiNames.Of(current.State), updated.UpdatedAt, updated.Version),
        };
        await OutboxWriter.AppendAsync(connection, transaction, [new(id, message)], cancellationToken);
        if (move is InspectionMove.Complete or InspectionMove.Cancel)
        {
            // A rise held back while this inspection was open may now plan its RISK_TRIGGERED inspection, with this commit.
            await RiskFollowUp.AfterCloseAsync(connection, transaction, updated, Rows.Stored(now), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    /// <summary>
    /// Records a finding while the inspection is IN_PROGRESS and the site in its scope (checked under the
    /// inspection's lock, so a concurrent completion cannot slip between check and insert). A repeated
    /// request_id of the same recorder returns the first finding.
    /// </summary>
    public async Task<Finding> RecordFindingAsync(NewFinding finding, string recordedBy, string? requestId, ProvinceReach reach, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finding);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inspection = await LockAsync(connection, transaction, finding.InspectionId, reach, cancellationToken);
        if (!string.IsNullOrEmpty(requestId) && await FindFindingByRequestAsync(connection, transaction, recordedBy, requestId, cancellationToken) is { } repeated)
        {
            await transaction.CommitAsync(cancellationToken);
            return repeated;
        }

        InspectionStateMachine.EnsureAcceptsFinding(inspection, finding.SiteId);
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO findings AS f (finding_id, inspection_id, site_id, province_code, category, severity, description, recorded_at, recorded_by, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            RETURNING {Rows.FindingColumns}
            """, connection, transaction);
        insert.Parameters.Add(Rows.Value(Guid.CreateVersion7()));
        insert.Parameters.Add(Rows.Value(inspection.InspectionId));
        insert.Parameters.Add(Rows.Value(finding.SiteId));
        insert.Parameters.Add(Rows.Value(inspection.ProvinceCode));
        insert.Parameters.Add(Rows.Value((short)finding.Category));
        insert.Parameters.Add(Rows.Value((short)finding.Severity));
        insert.Parameters.Add(Rows.Value(finding.Description));
        insert.Parameters.Add(Rows.Value(Rows.Stored(now)));
        insert.Parameters.Add(Rows.Value(recordedBy));
        insert.Parameters.Add(Rows.Text(requestId));
        var created = await Rows.ReadSingleAsync(insert, Rows.ReadFinding, cancellationToken)
            ?? throw new InvalidOperationException("INSERT ... RETURNING returned no finding");

        // The finding is part of the inspection (finding_ids): its version moves too.
        await using (var touch = new NpgsqlCommand("UPDATE inspections SET version = version + 1, updated_at = $2 WHERE inspection_id = $1", connection, transaction))
        {
            touch.Parameters.Add(Rows.Value(inspection.InspectionId));
            touch.Parameters.Add(Rows.Value(created.RecordedAt));
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }

        await OutboxWriter.AppendAsync(connection, transaction, [
            new(inspection.InspectionId.ToString(), new FindingRecorded(created.FindingId.ToString(), created.InspectionId.ToString(),
                created.SiteId.ToString(), created.ProvinceCode, ApiNames.Of(created.Category), ApiNames.Of(created.Severity),
                created.Description, created.RecordedBy, created.RecordedAt)),
        ], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<(IReadOnlyList<Inspection> Inspections, string NextPageToken, int TotalSize)> ListAsync(InspectionFilter filter, ProvinceReach reach,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(reach);
        var fingerprint = FilterFingerprint.Of("inspections", filter.ProvinceCode, filter.State?.ToString(), filter.SiteId?.ToString(),
            filter.Origin?.ToString(), reach.Only);
        var where = Listing.ProvinceFilter(reach, filter.ProvinceCode);

        if (filter.State is { } state)
        {
            where.Add($"i.state = {where.Parameter((short)state)}");
        }

        if (filter.Origin is { } origin)
        {
            where.Add($"i.origin = {where.Parameter((short)origin)}");
        }

        if (filter.SiteId is { } siteId)
        {
            where.Add($"i.site_ids @> ARRAY[{where.Parameter(siteId, NpgsqlDbType.Uuid)}]");
        }

        return await Listing.PageAsync(database.DataSource, where, fingerprint, filter.PageToken, filter.PageSize, cancellationToken);
    }

    /// <summary>Whether any inspection of this site is PLANNED or IN_PROGRESS (the RISK_TRIGGERED rule's exception).</summary>
    internal static async Task<bool> HasActiveInspectionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid siteId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM inspections WHERE site_ids @> ARRAY[$1] AND state IN ($2, $3))", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = siteId, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(Rows.Value((short)InspectionState.Planned));
        command.Parameters.Add(Rows.Value((short)InspectionState.InProgress));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<Inspection> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid inspectionId, ProvinceReach reach,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Rows.InspectionColumns} FROM inspections i WHERE i.inspection_id = $1 FOR UPDATE OF i", connection, transaction);
        command.Parameters.Add(Rows.Value(inspectionId));
        var inspection = await Rows.ReadSingleAsync(command, Rows.ReadInspection, cancellationToken);
        return inspection is not null && reach.Allows(inspection.ProvinceCode)
            ? inspection
            : throw new RecordNotFoundException("inspection", inspectionId.ToString());
    }

    private static async Task<Inspection> SetStateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid inspectionId,
        InspectionState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand("""
            WITH i AS (
                UPDATE inspections SET state = $2, version = version + 1, updated_at = $3,
                    started_at = CASE WHEN $2 = $4 THEN $3 ELSE started_at END
                WHERE inspection_id = $1 RETURNING *)
            SELECT 
            """ + Rows.InspectionColumns + " FROM i", connection, transaction);
        update.Parameters.Add(Rows.Value(inspectionId));
        update.Parameters.Add(Rows.Value((short)state));
        update.Parameters.Add(Rows.Value(now));
        update.Parameters.Add(Rows.Value((short)InspectionState.InProgress));
        return await Rows.ReadSingleAsync(update, Rows.ReadInspection, cancellationToken)
            ?? throw new RecordNotFoundException("inspection", inspectionId.ToString());
    }

    private static async Task<Inspection?> FindByRequestAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string caller, string requestId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Rows.InspectionColumns} FROM inspections i WHERE i.created_by = $1 AND i.request_id = $2", connection, transaction);
        command.Parameters.Add(Rows.Value(caller));
        command.Parameters.Add(Rows.Value(requestId));
        return await Rows.ReadSingleAsync(command, Rows.ReadInspection, cancellationToken);
    }

    private static async Task<Finding?> FindFindingByRequestAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string recordedBy,
        string requestId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Rows.FindingColumns} FROM findings f WHERE f.recorded_by = $1 AND f.request_id = $2", connection, transaction);
        command.Parameters.Add(Rows.Value(recordedBy));
        command.Parameters.Add(Rows.Value(requestId));
        return await Rows.ReadSingleAsync(command, Rows.ReadFinding, cancellationToken);
    }
}
