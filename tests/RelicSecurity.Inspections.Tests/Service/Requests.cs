using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;

namespace RelicSecurity.Inspections.Tests.Service;

/// <summary>Well-formed requests the service tests start from.</summary>
internal static class Requests
{
    public static PlanInspectionRequest Plan(string province, params string[] sites) => new()
    {
        Title = "Spring joint inspection",
        ProvinceCode = province,
        LeadDepartment = Agency.CulturalHeritage,
        ParticipatingDepartments = { Agency.PublicSecurity, Agency.FireRescue },
        SiteIds = { sites },
        WindowStart = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        WindowEnd = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(10)),
        RequestId = Guid.NewGuid().ToString(),
    };

    public static RecordFindingRequest Finding(string inspectionId, string siteId, FindingCategory category = FindingCategory.SecurityFacility,
        Severity severity = Severity.High) => new()
    {
        InspectionId = inspectionId,
        SiteId = siteId,
        Category = category,
        Severity = severity,
        Description = "Perimeter alarm disconnected",
    };

    public static IssueRectificationRequest Order(string findingId, DateTimeOffset deadline) => new()
    {
        FindingId = findingId,
        ResponsibleUnit = "Township cultural station",
        Deadline = Timestamp.FromDateTimeOffset(deadline),
    };
}
