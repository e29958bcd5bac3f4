using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Inspections.Validation;
using RelicSecurity.ServiceDefaults.Failures;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Domain;

public sealed class InspectionRequestsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_plan_with_many_bad_fields_names_every_one_of_them()
    {
        var request = new PlanInspectionRequest
        {
            ProvinceCode = "999999",
            ParticipatingDepartments = { Agency.CulturalHeritage, (Agency)99 },
            SiteIds = { "not-a-uuid" },
            WindowStart = Timestamp.FromDateTimeOffset(Now),
            WindowEnd = Timestamp.FromDateTimeOffset(Now.AddDays(-1)),
        };

        var errors = Should.Throw<RequestValidationException>(() => InspectionRequests.Plan(request)).Errors;
        errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).ShouldBe(
            ["title", "province_code", "lead_department", "participating_departments[1]", "site_ids[0]", "window_end"], ignoreOrder: true);
    }

    [Fact]
    public void A_good_plan_becomes_a_manual_planned_inspection()
    {
        var site = Guid.NewGuid();
        var plan = InspectionRequests.Plan(new PlanInspectionRequest
        {
            Title = " Tomb patrol ",
            ProvinceCode = "610000",
            LeadDepartment = Agency.CulturalHeritage,
            ParticipatingDepartments = { Agency.PublicSecurity, Agency.PublicSecurity, Agency.FireRescue },
            SiteIds = { site.ToString() },
            WindowStart = Timestamp.FromDateTimeOffset(Now),
            WindowEnd = Timestamp.FromDateTimeOffset(Now.AddDays(3)),
        });

        plan.Title.ShouldBe("Tomb patrol");
        plan.SiteIds.ShouldBe([site]);
        plan.ParticipatingDepartments.ShouldBe([Inspections.Domain.Department.PublicSecurity, Inspections.Domain.Department.FireRescue]);
        plan.Origin.ShouldBe(Inspections.Domain.InspectionOrigin.Manual);
    }

    [Fact]
    public void A_rectification_deadline_in_the_past_is_rejected_with_the_other_bad_fields()
    {
        var errors = Should.Throw<RequestValidationException>(() => InspectionRequests.Rectification(new IssueRectificationRequest
        {
            FindingId = Guid.NewGuid().ToString(),
            Deadline = Timestamp.FromDateTimeOffset(Now.AddMinutes(-1)),
        }, Now)).Errors;
        errors.Count.ShouldBe(2);
        errors.ShouldContain(e => e.StartsWith("deadline:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("responsible_unit:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_finding_needs_its_category_and_severity()
    {
        var errors = Should.Throw<RequestValidationException>(() => InspectionRequests.Finding(new RecordFindingRequest
        {
            InspectionId = Guid.NewGuid().ToString(),
            SiteId = Guid.NewGuid().ToString(),
            Description = "fence cut",
        })).Errors;
        errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).ShouldBe(["category", "severity"], ignoreOrder: true);
    }
}
