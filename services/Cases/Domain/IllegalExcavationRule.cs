using RelicSecurity.Cases.Validation;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Cases.Domain;

/// <summary>
/// API.md: a finding of category SIGNS_OF_ILLEGAL_EXCAVATION opens an ILLEGAL_EXCAVATION case in stage REPORTED for
/// that site, lead agency PUBLIC_SECURITY (tomb robbing is a crime for the police, whatever the inspectors' department).
/// The case is opened by the system on the finding's behalf: <see cref="Actor"/> is its history and audit actor and, with
/// <see cref="RequestIdOf"/>, its OpenCase idempotency key, so one finding opens one case however often it is reported.
/// </summary>
public static class IllegalExcavationRule
{
    public const string TriggeringCategory = "SIGNS_OF_ILLEGAL_EXCAVATION";

    /// <summary>The subject recorded as the case's creator, in its history and in the audit trail.</summary>
    public const string Actor = "system:illegal-excavation-finding";

    /// <summary>The audit role of <see cref="Actor"/>: no person's token, the service reacting to another's event.</summary>
    public const string ActorRole = "system";

    /// <summary>The OpenCase request_id of the case a finding opens: the finding id alone decides it.</summary>
    public static string RequestIdOf(string findingId) => "finding:" + findingId;

    /// <summary>
    /// The case to open for <paramref name="finding"/>, or null when the finding does not call for one: another category,
    /// or a finding that names no usable site or province (the case would not belong to any site or province).
    /// </summary>
    public static NewCase? CaseFor(ReportedFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (!string.Equals(finding.Category, TriggeringCategory, StringComparison.Ordinal)
            || finding.FindingId.Length == 0
            || !Guid.TryParse(finding.SiteId, out _)
            || !ProvinceCodes.IsValid(finding.ProvinceCode))
        {
            return null;
        }

        var summary = $"""
            {finding.Description.Trim()}

            Opened automatically from finding {finding.FindingId} of inspection {finding.InspectionId} (severity {finding.Severity}), recorded by {finding.RecordedBy} at {finding.RecordedAt:yyyy-MM-dd HH:mm} UTC.
            """;
        // The signs were seen at RecordedAt: the latest moment the excavation can have happened, and all the report knows.
        return new NewCase(
            Clip($"Signs of illegal excavation found by inspection ({finding.Severity})", Fields.MaxTitle),
            CaseType.IllegalExcavation,
            finding.ProvinceCode,
            Agency.PublicSecurity,
            finding.RecordedAt,
            Clip(summary, Fields.MaxText),
            [finding.SiteId]);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
