using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.Sites.Domain;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using Agency = RelicSecurity.Contracts.Cases.V1.Agency;
using Case = RelicSecurity.Contracts.Cases.V1.Case;

namespace RelicSecurity.EndToEnd.Tests.Reactions;

/// <summary>
/// Issue 12, Show 1: the services react to each other, seen through the gateway. Real Sites, Cases, Inspections and
/// gateway, real PostgreSQL, Redis and a RabbitMQ of the test's own; every asynchronous effect is waited for.
/// </summary>
[Collection("servers")]
public sealed class ReactionsEndToEndTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const string Province = "610000";
    private const string RiskQueue = "inspections-site-risk-changed";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly Timestamp WindowStart = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 1, 5, 0, 0, 0, TimeSpan.Zero));
    private static readonly Timestamp WindowEnd = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 1, 20, 0, 0, 0, TimeSpan.Zero));

    private ReactionSuite _suite = null!;

    public async Task InitializeAsync() => _suite = await ReactionSuite.StartAsync(servers, sitesAsProcess: false, withInspections: true);

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Opening_a_case_on_a_site_counts_it_in_the_sites_risk_and_closing_it_takes_it_back()
    {
        var site = await RegisterSiteAsync("open-close", missingFacilities: 0);
        site.RiskScore.ShouldBe(0);

        var opened = await OpenCaseAsync(site, "open-close-case");
        var counted = await SiteAsync(site.SiteId, s => s.RiskFactors.OpenCases == 1, "open_cases = 1");
        counted.RiskScore.ShouldBe(RiskRule.OpenCaseWeight);
        counted.RiskLevel.ShouldBe(RiskLevel.Medium);

        await CloseAsync(opened);
        var back = await SiteAsync(site.SiteId, s => s.RiskFactors.OpenCases == 0, "open_cases back to 0");
        back.RiskScore.ShouldBe(0);
        back.RiskLevel.ShouldBe(RiskLevel.Low);
    }

    [Fact]
    public async Task A_critical_finding_raises_a_site_to_critical_plans_one_risk_triggered_inspection_and_its_verified_rectification_closes_it()
    {
        // Two missing facilities (score 2, LOW): a CRITICAL hazard (8) makes it 10, CRITICAL.
        var site = await RegisterSiteAsync("critical", missingFacilities: 2);
        var inspection = await StartManualInspectionAsync(site, "critical-manual");

        // A finding can only be recorded during an inspection, and RISK_TRIGGERED holds back while one is IN_PROGRESS: the
        // rise reaches Inspections while this inspection is still running, is owed, and is planned when it completes.
        var finding = await _suite.InspectionClient.RecordFindingAsync(new RecordFindingRequest
        {
            InspectionId = inspection.InspectionId, SiteId = site.SiteId, Category = FindingCategory.SecurityFacility,
            Severity = Severity.Critical, Description = "围墙坍塌，夜间无人值守", RequestId = "critical-finding",
        });
        var critical = await SiteAsync(site.SiteId, s => s.RiskFactors.OpenHazardsCritical == 1, "the CRITICAL hazard counted");
        critical.RiskScore.ShouldBe(2 + RiskRule.CriticalHazardWeight);
        critical.RiskLevel.ShouldBe(RiskLevel.Critical);
        var progress = _suite.Inspections!.Services.GetRequiredService<ConsumeProgress>();
        var rises = await Eventually.ReturnsAsync(SitesRiskChangesPublishedAsync, n => n >= 1, Patience, "Sites has published the rise");
        await Eventually.HoldsAsync(() => progress.ConsumedFrom(RiskQueue) >= rises, Patience, "Inspections consumed the rise");
        (await RiskTriggeredAsync(site.SiteId)).ShouldBeEmpty("the site's inspection is still IN_PROGRESS");

        // Completing it plans the owed RISK_TRIGGERED inspection in the same transaction: it is there when the call returns.
        await _suite.InspectionClient.CompleteInspectionAsync(new CompleteInspectionRequest { InspectionId = inspection.InspectionId });
        var triggered = (await RiskTriggeredAsync(site.SiteId)).ShouldHaveSingleItem("a RISK_TRIGGERED inspection for the site");
        triggered.State.ShouldBe(InspectionState.Planned);
        triggered.SiteIds.ShouldBe([site.SiteId]);

        // More events that raise the site: a case (score up, still CRITICAL); the hazard's verified rectification (down to
        // MEDIUM: the hazard closes); two more cases (rises into HIGH and again into CRITICAL).
        await OpenCaseAsync(site, "critical-case-1");
        await SiteAsync(site.SiteId, s => s.RiskFactors.OpenCases == 1, "the first case counted");
        var order = await _suite.InspectionClient.IssueRectificationAsync(new IssueRectificationRequest
        {
            FindingId = finding.FindingId, ResponsibleUnit = "周原博物馆", RequestId = "critical-order",
            Deadline = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 6, 30, 0, 0, 0, TimeSpan.Zero)),
        });
        await _suite.InspectionClient.VerifyRectificationAsync(new VerifyRectificationRequest
        {
            OrderId = order.OrderId, Passed = true, Note = "围墙已修复，增设夜间巡查", ExpectedVersion = order.Version,
        });
        var closed = await SiteAsync(site.SiteId, s => s.RiskFactors.OpenHazardsCritical == 0, "the verified rectification closes the hazard");
        closed.RiskScore.ShouldBe(2 + RiskRule.OpenCaseWeight);
        closed.RiskLevel.ShouldBe(RiskLevel.Medium);
        await OpenCaseAsync(site, "critical-case-2");
        await OpenCaseAsync(site, "critical-case-3");
        var raised = await SiteAsync(site.SiteId, s => s.RiskFactors.OpenCases == 3, "three open cases");
        raised.RiskLevel.ShouldBe(RiskLevel.Critical);

        // Before the negative assertion, the positive signal that every rise has been through Inspections' rule: Sites has
        // nothing left to recompute or publish, and Inspections has consumed as many SiteRiskChanged as Sites published.
        var published = await Eventually.ReturnsAsync(SitesRiskChangesPublishedAsync, n => n >= 4, Patience,
            "Sites has recomputed and published every change");
        await Eventually.HoldsAsync(() => progress.ConsumedFrom(RiskQueue) >= published, Patience,
            $"Inspections consumed all {published} SiteRiskChanged");
        (await RiskTriggeredAsync(site.SiteId)).Count.ShouldBe(1, "one RISK_TRIGGERED inspection, however many events raised the site");
    }

    [Fact]
    public async Task A_finding_of_signs_of_illegal_excavation_opens_an_illegal_excavation_case_for_the_site()
    {
        var site = await RegisterSiteAsync("excavation", missingFacilities: 0);
        var inspection = await StartManualInspectionAsync(site, "excavation-manual");

        await _suite.InspectionClient.RecordFindingAsync(new RecordFindingRequest
        {
            InspectionId = inspection.InspectionId, SiteId = site.SiteId, Category = FindingCategory.SignsOfIllegalExcavation,
            Severity = Severity.High, Description = "墓区新发现盗洞两处，洞口有新土", RequestId = "excavation-finding",
        });

        var cases = await Eventually.ReturnsAsync(
            async () => (await _suite.CaseClient.ListCasesAsync(new ListCasesRequest { SiteId = site.SiteId })).Cases,
            list => list.Count >= 1, Patience, "a case for the site");
        var opened = cases.ShouldHaveSingleItem();
        opened.Type.ShouldBe(CaseType.IllegalExcavation);
        opened.Stage.ShouldBe(CaseStage.Reported);
        opened.LeadAgency.ShouldBe(Agency.PublicSecurity);
        opened.LeadProvinceCode.ShouldBe(Province);
        // And the chain goes on: Sites counts the new case and the hazard (4 + 3 = 7, HIGH).
        var counted = await SiteAsync(site.SiteId, s => s.RiskFactors.OpenCases == 1 && s.RiskFactors.OpenHazardsHigh == 1,
            "the case and the hazard counted");
        counted.RiskLevel.ShouldBe(RiskLevel.High);
    }

    private async Task<Site> RegisterSiteAsync(string name, int missingFacilities) =>
        await _suite.SiteClient.RegisterSiteAsync(new RegisterSiteRequest
        {
            RequestId = "site-" + name,
            Site = new Site
            {
                Name = "周原遗址 " + name, ProvinceCode = Province, County = "岐山县", Category = SiteCategory.AncientSite,
                ProtectionLevel = ProtectionLevel.National, Latitude = 34.47, Longitude = 107.87, CustodianUnit = "周原博物馆",
                ResponsiblePerson = "李明", ResponsiblePhone = "+86 917 000 0000",
                Facilities = new SecurityFacilities
                {
                    IntrusionAlarm = missingFacilities < 1, Cctv = missingFacilities < 2, NightPatrol = missingFacilities < 3, FireProtection = true,
                },
            },
        });

    private async Task<Case> OpenCaseAsync(Site site, string requestId) =>
        await _suite.CaseClient.OpenCaseAsync(new OpenCaseRequest
        {
            Title = "周原遗址文物被盗案", Type = CaseType.StoneCarvingTheft, LeadProvinceCode = site.ProvinceCode,
            LeadAgency = Agency.PublicSecurity, Summary = "夜间失窃", RequestId = requestId, SiteIds = { site.SiteId },
        });

    /// <summary>REPORTED → … → CLOSED, one stage at a time.</summary>
    private async Task CloseAsync(Case opened)
    {
        var current = opened;
        foreach (var stage in new[] { CaseStage.Filed, CaseStage.Investigating, CaseStage.SuspectsDetained, CaseStage.Prosecution, CaseStage.Trial,
            CaseStage.JudgmentEffective, CaseStage.Closed })
        {
            current = await _suite.CaseClient.AdvanceCaseAsync(new AdvanceCaseRequest
            {
                CaseId = current.CaseId, ToStage = stage, ExpectedVersion = current.Version, Note = "e2e",
            });
        }
    }

    private async Task<Inspection> StartManualInspectionAsync(Site site, string requestId)
    {
        var planned = await _suite.InspectionClient.PlanInspectionAsync(new PlanInspectionRequest
        {
            Title = "联合安全检查", ProvinceCode = site.ProvinceCode, LeadDepartment = Agency.CulturalHeritage, SiteIds = { site.SiteId },
            WindowStart = WindowStart, WindowEnd = WindowEnd, RequestId = requestId,
        });
        return await _suite.InspectionClient.StartInspectionAsync(new StartInspectionRequest { InspectionId = planned.InspectionId });
    }

    private Task<Site> SiteAsync(string siteId, Func<Site, bool> accept, string description) =>
        Eventually.ReturnsAsync(async () => await _suite.SiteClient.GetSiteAsync(new GetSiteRequest { SiteId = siteId }), accept, Patience, description);

    private async Task<IReadOnlyList<Inspection>> RiskTriggeredAsync(string siteId) =>
        (await _suite.InspectionClient.ListInspectionsAsync(new ListInspectionsRequest
        {
            SiteId = siteId, Origin = InspectionOrigin.RiskTriggered,
        })).Inspections;

    /// <summary>SiteRiskChanged Sites has published, or -1 while anything is still to recompute or to publish.</summary>
    private async Task<long> SitesRiskChangesPublishedAsync()
    {
        await using var connection = new NpgsqlConnection(_suite.SitesDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM site_risk_pending) OR EXISTS (SELECT 1 FROM messaging.outbox WHERE sent_at IS NULL) THEN -1
                ELSE (SELECT count(*) FROM messaging.outbox WHERE message_type LIKE '%.SiteRiskChanged,%') END
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
