using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.Cases.Audit;
using RelicSecurity.Cases.Domain;
using RelicSecurity.Cases.Persistence;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Cases.Consumers;

/// <summary>
/// A finding of signs of illegal excavation opens an ILLEGAL_EXCAVATION case for its site (<see cref="IllegalExcavationRule"/>),
/// in the inbox transaction with the case's CaseOpened and its audit entry. Repeats are absorbed twice over: the same
/// message id by the inbox, the same finding under another id (a re-publish, a re-drive) by OpenCase's request_id,
/// which the finding id decides. The site is not checked with Sites: Inspections checked it when the finding was
/// recorded, and a consumer has no caller token to pass on.
/// </summary>
public sealed partial class FindingRecordedConsumer(CaseRepository cases, ILogger<FindingRecordedConsumer> logger)
    : IdempotentConsumer<FindingRecorded>
{
    /// <summary>The audit trail's method for cases this reaction opens (no RPC was called).</summary>
    public const string AuditMethod = "event FindingRecorded";

    private const string Savepoint = "illegal_excavation_case";

    protected override async Task ApplyAsync(FindingRecorded message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var finding = new ReportedFinding(message.FindingId, message.InspectionId, message.SiteId, message.ProvinceCode, message.Category,
            message.Severity, message.Description, message.RecordedBy, message.RecordedAt);
        if (IllegalExcavationRule.CaseFor(finding) is not { } input)
        {
            if (message.Category == IllegalExcavationRule.TriggeringCategory)
            {
                LogUnusable(logger, message.FindingId, message.SiteId, message.ProvinceCode);
            }

            return;
        }

        // Other messages' effects share this transaction: a twin found after the counter lock undoes only this open.
        await transaction.SaveAsync(Savepoint, cancellationToken);
        var (opened, isNew) = await cases.OpenWithinAsync(connection, transaction, input, IllegalExcavationRule.Actor,
            IllegalExcavationRule.RequestIdOf(message.FindingId),
            c => new AuditEntry(c.CreatedAt, IllegalExcavationRule.Actor, IllegalExcavationRule.ActorRole, c.LeadProvinceCode, AuditMethod,
                [c.Id.ToString()], "OK"),
            cancellationToken);
        if (isNew)
        {
            await transaction.ReleaseAsync(Savepoint, cancellationToken);
            LogOpened(logger, opened.Number, message.SiteId, message.FindingId);
        }
        else
        {
            await transaction.RollbackAsync(Savepoint, cancellationToken);
            LogAlreadyOpen(logger, opened.Number, message.FindingId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened ILLEGAL_EXCAVATION case {CaseNumber} for site {SiteId} from finding {FindingId}")]
    private static partial void LogOpened(ILogger logger, string caseNumber, string siteId, string findingId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseNumber} was already opened from finding {FindingId}: nothing to do")]
    private static partial void LogAlreadyOpen(ILogger logger, string caseNumber, string findingId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Finding {FindingId} shows signs of illegal excavation but names no usable site ({SiteId}) or province ({ProvinceCode}): no case opened")]
    private static partial void LogUnusable(ILogger logger, string findingId, string siteId, string provinceCode);
}
