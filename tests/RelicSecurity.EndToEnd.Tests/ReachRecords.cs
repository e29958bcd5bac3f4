using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>
/// One province's records of every kind the record-id methods take, in the states those methods act on:
/// a site, a case at REPORTED with a STOLEN relic, a PLANNED and an IN_PROGRESS inspection, and a completed one
/// with a finding and its open rectification order. Made by the national working group through the gateway.
/// </summary>
internal sealed record ReachRecords(string Province, Site Site, Case Case, Relic Relic, Inspection Planned, Inspection InProgress,
    Finding Finding, RectificationOrder Order)
{
    /// <summary>Every id of these records: none may appear in what another province's team receives.</summary>
    public IReadOnlyList<string> Ids =>
        [Site.SiteId, Case.CaseId, Relic.RelicId, Planned.InspectionId, InProgress.InspectionId, Finding.FindingId, Order.OrderId];

    public static async Task<ReachRecords> CreateAsync(string province, SiteService.SiteServiceClient sites, CaseService.CaseServiceClient cases,
        InspectionService.InspectionServiceClient inspections, Func<DateTime> deadline)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(inspections);
        ArgumentNullException.ThrowIfNull(deadline);
        var site = await sites.RegisterSiteAsync(new RegisterSiteRequest { Site = SiteIn(province), RequestId = $"reach-site-{province}" }, deadline: deadline());
        var opened = await cases.OpenCaseAsync(new OpenCaseRequest
        {
            Title = $"古墓被盗掘案 {province}", Type = CaseType.IllegalExcavation, LeadProvinceCode = province, LeadAgency = Agency.PublicSecurity,
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 3, 14, 2, 0, 0, TimeSpan.FromHours(8))),
            Summary = "村民夜间发现盗洞。", SiteIds = { site.SiteId }, RequestId = $"reach-case-{province}",
        }, deadline: deadline());
        var relic = await cases.RegisterRelicAsync(new RegisterRelicRequest
        {
            CaseId = opened.CaseId, Relic = RelicNamed($"青铜饕餮纹鼎 {province}"), RequestId = $"reach-relic-{province}",
        }, deadline: deadline());
        var planned = await inspections.PlanInspectionAsync(Plan(province, site.SiteId, "planned"), deadline: deadline());
        var inProgress = await inspections.StartInspectionAsync(new StartInspectionRequest
        {
            InspectionId = (await inspections.PlanInspectionAsync(Plan(province, site.SiteId, "started"), deadline: deadline())).InspectionId,
        }, deadline: deadline());
        var done = await inspections.StartInspectionAsync(new StartInspectionRequest
        {
            InspectionId = (await inspections.PlanInspectionAsync(Plan(province, site.SiteId, "done"), deadline: deadline())).InspectionId,
        }, deadline: deadline());
        var finding = await inspections.RecordFindingAsync(FindingAt(done.InspectionId, site.SiteId), deadline: deadline());
        await inspections.CompleteInspectionAsync(new CompleteInspectionRequest { InspectionId = done.InspectionId }, deadline: deadline());
        var order = await inspections.IssueRectificationAsync(new IssueRectificationRequest
        {
            FindingId = finding.FindingId, ResponsibleUnit = "乡镇文化站", Deadline = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow().AddDays(30)),
            RequestId = $"reach-order-{province}",
        }, deadline: deadline());
        var current = await cases.GetCaseAsync(new GetCaseRequest { CaseId = opened.CaseId }, deadline: deadline());
        return new ReachRecords(province, site, current, relic, planned, inProgress, finding, order);
    }

    public static RecordFindingRequest FindingAt(string inspectionId, string siteId) => new()
    {
        InspectionId = inspectionId, SiteId = siteId, Category = FindingCategory.SecurityFacility, Severity = Severity.High,
        Description = "周界报警断线",
    };

    public static Relic RelicNamed(string title) => new()
    {
        ObjectType = "bronze/ding", Title = title, Materials = { "bronze" }, Period = "Western Zhou",
        Description = "Bronze tripod cauldron with taotie masks on the belly.", Grade = RelicGrade.Grade1,
        Status = RelicStatus.Stolen, CurrentHolder = "unknown",
    };

    private static PlanInspectionRequest Plan(string province, string siteId, string purpose) => new()
    {
        Title = $"联合检查 {purpose}", ProvinceCode = province, LeadDepartment = Agency.CulturalHeritage, SiteIds = { siteId },
        WindowStart = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
        WindowEnd = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow().AddDays(10)),
        RequestId = $"reach-plan-{province}-{purpose}",
    };

    private static Site SiteIn(string province) => new()
    {
        Name = $"古墓群 {province}", ProvinceCode = province, County = "县", Category = SiteCategory.AncientTomb,
        ProtectionLevel = ProtectionLevel.National, Latitude = 30.5, Longitude = 110, CustodianUnit = "文物保护管理所",
        ResponsiblePerson = "李文", ResponsiblePhone = "0000 0000 0000",
        Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
    };
}
