using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Security;
using FindingCategory = RelicSecurity.Inspections.Domain.FindingCategory;

namespace RelicSecurity.Inspections.Validation;

/// <summary>
/// API.md's input rules for InspectionService requests. Each check names its field, every bad field is
/// reported at once, and what passes comes out as domain values (the proto stops here).
/// </summary>
public static class InspectionRequests
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 2000;
    public const int MaxUnitLength = 200;
    public const int MaxRequestIdLength = 128;
    public const int MaxSites = 500;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public static PlannedInspection Plan(PlanInspectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors.Add("title", "is required");
        }
        else if (request.Title.Length > MaxTitleLength)
        {
            errors.Add("title", $"is longer than {MaxTitleLength} characters");
        }

        CheckProvince(request.ProvinceCode, required: true, errors);
        var lead = CheckDepartment(request.LeadDepartment, "lead_department", errors);
        var participating = new List<Department>();
        for (var i = 0; i < request.ParticipatingDepartments.Count; i++)
        {
            if (CheckDepartment(request.ParticipatingDepartments[i], $"participating_departments[{i}]", errors) is { } department)
            {
                if (department == lead)
                {
                    errors.Add($"participating_departments[{i}]", "is the lead department already");
                }
                else if (!participating.Contains(department))
                {
                    participating.Add(department);
                }
            }
        }

        var siteIds = new List<Guid>();
        if (request.SiteIds.Count == 0)
        {
            errors.Add("site_ids", "at least one site is required");
        }
        else if (request.SiteIds.Count > MaxSites)
        {
            errors.Add("site_ids", $"{request.SiteIds.Count} sites exceed the maximum of {MaxSites}");
        }
        else
        {
            for (var i = 0; i < request.SiteIds.Count; i++)
            {
                if (CheckId(request.SiteIds[i], $"site_ids[{i}]", "site", errors) is { } id)
                {
                    if (siteIds.Contains(id))
                    {
                        errors.Add($"site_ids[{i}]", $"\"{request.SiteIds[i]}\" is listed twice");
                    }
                    else
                    {
                        siteIds.Add(id);
                    }
                }
            }
        }

        var start = CheckTimestamp(request.WindowStart, "window_start", errors);
        var end = CheckTimestamp(request.WindowEnd, "window_end", errors);
        if (start is { } s && end is { } e)
        {
            if (e <= s)
            {
                errors.Add("window_end", "must be after window_start");
            }
            else if (e - s > MaxWindow)
            {
                errors.Add("window_end", $"the window is longer than {MaxWindow.TotalDays:0} days");
            }
        }

        CheckRequestId(request.RequestId, errors);
        errors.ThrowIfAny();
        return new PlannedInspection(request.Title.Trim(), request.ProvinceCode, lead!.Value, participating, siteIds,
            start!.Value, end!.Value, Domain.InspectionOrigin.Manual);
    }

    public static NewFinding Finding(RecordFindingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var inspectionId = CheckId(request.InspectionId, "inspection_id", "inspection", errors);
        var siteId = CheckId(request.SiteId, "site_id", "site", errors);
        var category = CheckEnum<Contracts.Inspections.V1.FindingCategory, FindingCategory>(request.Category, "category", errors);
        var severity = CheckEnum<Severity, HazardSeverity>(request.Severity, "severity", errors);
        if (string.IsNullOrWhiteSpace(request.Description))
        {
            errors.Add("description", "is required (what was found)");
        }
        else if (request.Description.Length > MaxTextLength)
        {
            errors.Add("description", $"is longer than {MaxTextLength} characters");
        }

        CheckRequestId(request.RequestId, errors);
        errors.ThrowIfAny();
        return new NewFinding(inspectionId!.Value, siteId!.Value, category!.Value, severity!.Value, request.Description.Trim());
    }

    public static NewRectification Rectification(IssueRectificationRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var findingId = CheckId(request.FindingId, "finding_id", "finding", errors);
        if (string.IsNullOrWhiteSpace(request.ResponsibleUnit))
        {
            errors.Add("responsible_unit", "is required (who must remove the hazard)");
        }
        else if (request.ResponsibleUnit.Length > MaxUnitLength)
        {
            errors.Add("responsible_unit", $"is longer than {MaxUnitLength} characters");
        }

        var deadline = CheckTimestamp(request.Deadline, "deadline", errors);
        if (deadline is { } d && !RectificationRules.IsAcceptableDeadline(d, now))
        {
            errors.Add("deadline", $"{d:O} is not in the future");
        }

        CheckRequestId(request.RequestId, errors);
        errors.ThrowIfAny();
        return new NewRectification(findingId!.Value, request.ResponsibleUnit.Trim(), deadline!.Value);
    }

    public static Verification Verification(VerifyRectificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var orderId = CheckId(request.OrderId, "order_id", "order", errors);
        if (request.Note.Length > MaxTextLength)
        {
            errors.Add("note", $"is longer than {MaxTextLength} characters");
        }

        CheckVersion(request.ExpectedVersion, errors);
        errors.ThrowIfAny();
        return new Verification(orderId!.Value, request.Passed, request.Note.Trim(), request.ExpectedVersion);
    }

    /// <summary>The id of a record a request names; malformed ids are INVALID_ARGUMENT, not an unknown record.</summary>
    public static Guid RecordId(string value, string field, string kind, long expectedVersion = 0)
    {
        var errors = new FieldErrors();
        var id = CheckId(value, field, kind, errors);
        CheckVersion(expectedVersion, errors);
        errors.ThrowIfAny();
        return id!.Value;
    }

    public static InspectionFilter Filter(ListInspectionsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        CheckProvince(request.ProvinceCode, required: false, errors);
        var state = request.State == Contracts.Inspections.V1.InspectionState.Unspecified ? null
            : CheckEnum<Contracts.Inspections.V1.InspectionState, Domain.InspectionState>(request.State, "state", errors);
        var origin = request.Origin == Contracts.Inspections.V1.InspectionOrigin.Unspecified ? null
            : CheckEnum<Contracts.Inspections.V1.InspectionOrigin, Domain.InspectionOrigin>(request.Origin, "origin", errors);
        var siteId = request.SiteId.Length == 0 ? null : CheckId(request.SiteId, "site_id", "site", errors);
        var pageSize = CheckPageSize(request.PageSize, errors);
        errors.ThrowIfAny();
        return new InspectionFilter(NullIfEmpty(request.ProvinceCode), state, siteId, origin, pageSize, NullIfEmpty(request.PageToken));
    }

    public static RectificationFilter Filter(ListRectificationsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        CheckProvince(request.ProvinceCode, required: false, errors);
        var state = request.State == Contracts.Inspections.V1.RectificationState.Unspecified ? null
            : CheckEnum<Contracts.Inspections.V1.RectificationState, Domain.RectificationState>(request.State, "state", errors);
        var siteId = request.SiteId.Length == 0 ? null : CheckId(request.SiteId, "site_id", "site", errors);
        var pageSize = CheckPageSize(request.PageSize, errors);
        errors.ThrowIfAny();
        return new RectificationFilter(NullIfEmpty(request.ProvinceCode), state, siteId, pageSize, NullIfEmpty(request.PageToken));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static void CheckProvince(string code, bool required, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(code))
        {
            if (required)
            {
                errors.Add("province_code", "is required");
            }
        }
        else if (!ProvinceCodes.IsValid(code))
        {
            errors.Add("province_code", $"\"{code}\" is not one of the 31 provincial-level codes (GB/T 2260, e.g. \"330000\")");
        }
    }

    private static Department? CheckDepartment(Agency agency, string field, FieldErrors errors) =>
        agency == Agency.Unspecified
            ? Missing<Department>(field, "AGENCY_UNSPECIFIED", errors)
            : CheckEnum<Agency, Department>(agency, field, errors);

    private static TDomain? CheckEnum<TProto, TDomain>(TProto value, string field, FieldErrors errors)
        where TProto : struct, Enum
        where TDomain : struct, Enum
    {
        var number = Convert.ToInt16(value, System.Globalization.CultureInfo.InvariantCulture);
        if (number == 0)
        {
            return Missing<TDomain>(field, $"{typeof(TProto).Name} unspecified", errors);
        }

        var domain = (TDomain)Enum.ToObject(typeof(TDomain), number);
        if (!Enum.IsDefined(domain))
        {
            errors.Add(field, $"{number} is not a {typeof(TProto).Name}");
            return null;
        }

        return domain;
    }

    private static T? Missing<T>(string field, string what, FieldErrors errors)
        where T : struct
    {
        errors.Add(field, $"is required ({what})");
        return null;
    }

    private static Guid? CheckId(string value, string field, string kind, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "is required");
            return null;
        }

        if (!Guid.TryParseExact(value, "D", out var id))
        {
            errors.Add(field, $"\"{value}\" is not a {kind} id (a UUID)");
            return null;
        }

        return id;
    }

    private static DateTimeOffset? CheckTimestamp(Timestamp? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            errors.Add(field, "is required");
            return null;
        }

        // 0001-01-01 .. 9999-12-31, as google.protobuf.Timestamp defines its range.
        if (value.Seconds < -62_135_596_800 || value.Seconds > 253_402_300_799 || value.Nanos is < 0 or >= 1_000_000_000)
        {
            errors.Add(field, "is not a valid timestamp");
            return null;
        }

        return value.ToDateTimeOffset();
    }

    private static void CheckRequestId(string requestId, FieldErrors errors)
    {
        if (requestId.Length > MaxRequestIdLength)
        {
            errors.Add("request_id", $"is longer than {MaxRequestIdLength} characters");
        }
    }

    private static void CheckVersion(long expectedVersion, FieldErrors errors)
    {
        if (expectedVersion < 0)
        {
            errors.Add("expected_version", "is negative (0 skips the check)");
        }
    }

    private static int CheckPageSize(int pageSize, FieldErrors errors)
    {
        if (pageSize < 0)
        {
            errors.Add("page_size", "is negative");
            return DefaultPageSize;
        }

        if (pageSize > MaxPageSize)
        {
            errors.Add("page_size", $"{pageSize} exceeds the maximum of {MaxPageSize}");
            return MaxPageSize;
        }

        return pageSize == 0 ? DefaultPageSize : pageSize;
    }
}
