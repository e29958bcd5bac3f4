using Grpc.Core;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Service;

[Collection("servers")]
public sealed class InspectionServiceTests(LocalServersFixture servers)
{
    private const string Shaanxi = "610000";
    private const string Sichuan = "510000";

    [Fact]
    public async Task An_inspection_goes_from_plan_to_verified_rectification_through_a_real_client()
    {
        await using var suite = await SuiteUnderTest.StartAsync(servers);
        var tomb = await suite.RegisterSiteAsync(Shaanxi);
        var temple = await suite.RegisterSiteAsync(Shaanxi, "Cave temple");
        var token = TestTokens.Provincial(Shaanxi);
        var client = suite.Inspections(token);

        var planned = await client.PlanInspectionAsync(Requests.Plan(Shaanxi, tomb, temple));
        planned.State.ShouldBe(InspectionState.Planned);
        planned.Origin.ShouldBe(InspectionOrigin.Manual);
        planned.LeadDepartment.ShouldBe(Contracts.Cases.V1.Agency.CulturalHeritage);
        planned.ParticipatingDepartments.ShouldBe([Contracts.Cases.V1.Agency.PublicSecurity, Contracts.Cases.V1.Agency.FireRescue]);
        planned.SiteIds.ShouldBe([tomb, temple]);

        var started = await client.StartInspectionAsync(new StartInspectionRequest { InspectionId = planned.InspectionId, ExpectedVersion = planned.Version });
        started.State.ShouldBe(InspectionState.InProgress);
        var alarmRequest = Requests.Finding(planned.InspectionId, tomb);
        alarmRequest.RequestId = "alarm-1";
        var alarm = await client.RecordFindingAsync(alarmRequest);
        (await client.RecordFindingAsync(alarmRequest)).ShouldBe(alarm);
        var fire = await client.RecordFindingAsync(Requests.Finding(planned.InspectionId, temple, FindingCategory.FireSafety, Severity.Critical));
        alarm.RecordedBy.ShouldBe($"provincial-{Shaanxi}-test");
        fire.Severity.ShouldBe(Severity.Critical);

        var completed = await client.CompleteInspectionAsync(new CompleteInspectionRequest { InspectionId = planned.InspectionId });
        completed.State.ShouldBe(InspectionState.Completed);
        completed.FindingIds.ShouldBe([alarm.FindingId, fire.FindingId]);

        var order = await client.IssueRectificationAsync(Requests.Order(alarm.FindingId, DateTimeOffset.UtcNow.AddDays(30)));
        order.State.ShouldBe(RectificationState.Open);
        order.SiteId.ShouldBe(tomb);
        order.ProvinceCode.ShouldBe(Shaanxi);
        order.Severity.ShouldBe(Severity.High);
        var verified = await client.VerifyRectificationAsync(new VerifyRectificationRequest
            { OrderId = order.OrderId, Passed = true, Note = "alarm reconnected", ExpectedVersion = order.Version });
        verified.State.ShouldBe(RectificationState.Verified);
        verified.VerifiedAt.ShouldNotBeNull();

        var fetched = await client.GetInspectionAsync(new GetInspectionRequest { InspectionId = planned.InspectionId });
        fetched.ShouldBe(completed);
        var listed = await client.ListRectificationsAsync(new ListRectificationsRequest { SiteId = tomb });
        listed.Rectifications.ShouldHaveSingleItem().ShouldBe(verified);
    }

    [Fact]
    public async Task Every_illegal_move_is_a_failed_precondition()
    {
        await using var suite = await SuiteUnderTest.StartAsync(servers);
        var site = await suite.RegisterSiteAsync(Shaanxi);
        var client = suite.Inspections(TestTokens.National());
        var planned = await client.PlanInspectionAsync(Requests.Plan(Shaanxi, site));
        var id = planned.InspectionId;

        await ShouldFail(StatusCode.FailedPrecondition, () => client.CompleteInspectionAsync(new CompleteInspectionRequest { InspectionId = id }));
        await ShouldFail(StatusCode.FailedPrecondition, () => client.RecordFindingAsync(Requests.Finding(id, site)));
        await client.StartInspectionAsync(new StartInspectionRequest { InspectionId = id });
        await ShouldFail(StatusCode.FailedPrecondition, () => client.StartInspectionAsync(new StartInspectionRequest { InspectionId = id }));
        var finding = await client.RecordFindingAsync(Requests.Finding(id, site));
        await client.CompleteInspectionAsync(new CompleteInspectionRequest { InspectionId = id });
        await ShouldFail(StatusCode.FailedPrecondition, () => client.RecordFindingAsync(Requests.Finding(id, site)));
        await ShouldFail(StatusCode.FailedPrecondition, () => client.CancelInspectionAsync(new CancelInspectionRequest { InspectionId = id }));
        await ShouldFail(StatusCode.FailedPrecondition, () => client.StartInspectionAsync(new StartInspectionRequest { InspectionId = id }));

        var order = await client.IssueRectificationAsync(Requests.Order(finding.FindingId, DateTimeOffset.UtcNow.AddDays(1)));
        await ShouldFail(StatusCode.FailedPrecondition, () => client.IssueRectificationAsync(Requests.Order(finding.FindingId, DateTimeOffset.UtcNow.AddDays(2))));
        await client.VerifyRectificationAsync(new VerifyRectificationRequest { OrderId = order.OrderId, Passed = false, Note = "not done" });
        await ShouldFail(StatusCode.FailedPrecondition, () => client.VerifyRectificationAsync(new VerifyRectificationRequest { OrderId = order.OrderId, Passed = true }));
        var second = await client.IssueRectificationAsync(Requests.Order(finding.FindingId, DateTimeOffset.UtcNow.AddDays(2)));
        second.State.ShouldBe(RectificationState.Open);

        var cancelled = await client.CancelInspectionAsync(new CancelInspectionRequest
            { InspectionId = (await client.PlanInspectionAsync(Requests.Plan(Shaanxi, site))).InspectionId });
        cancelled.State.ShouldBe(InspectionState.Cancelled);
        await ShouldFail(StatusCode.FailedPrecondition, () => client.StartInspectionAsync(new StartInspectionRequest { InspectionId = cancelled.InspectionId }));
    }

    [Fact]
    public async Task Sites_outside_the_scope_or_the_province_are_invalid_arguments()
    {
        await using var suite = await SuiteUnderTest.StartAsync(servers);
        var inScope = await suite.RegisterSiteAsync(Shaanxi);
        var elsewhereInProvince = await suite.RegisterSiteAsync(Shaanxi, "Another tomb");
        var otherProvince = await suite.RegisterSiteAsync(Sichuan, "Sichuan temple");
        var client = suite.Inspections(TestTokens.National());

        var wrongProvince = await ShouldFail(StatusCode.InvalidArgument, () => client.PlanInspectionAsync(Requests.Plan(Shaanxi, inScope, otherProvince)));
        wrongProvince.Status.Detail.ShouldContain("site_ids[1]");
        wrongProvince.Status.Detail.ShouldContain(Sichuan);
        var unknown = await ShouldFail(StatusCode.InvalidArgument, () => client.PlanInspectionAsync(Requests.Plan(Shaanxi, Guid.NewGuid().ToString())));
        unknown.Status.Detail.ShouldContain("does not exist");

        var planned = await client.PlanInspectionAsync(Requests.Plan(Shaanxi, inScope));
        await client.StartInspectionAsync(new StartInspectionRequest { InspectionId = planned.InspectionId });
        var outside = await ShouldFail(StatusCode.InvalidArgument, () => client.RecordFindingAsync(Requests.Finding(planned.InspectionId, elsewhereInProvince)));
        outside.Status.Detail.ShouldContain("site_id");
        var empty = await ShouldFail(StatusCode.InvalidArgument, () => client.PlanInspectionAsync(new PlanInspectionRequest()));
        foreach (var field in new[] { "title", "province_code", "lead_department", "site_ids", "window_start", "window_end" })
        {
            empty.Status.Detail.ShouldContain(field + ":");
        }
    }

    [Fact]
    public async Task A_stale_version_is_aborted_and_a_repeated_request_id_returns_the_same_inspection()
    {
        await using var suite = await SuiteUnderTest.StartAsync(servers);
        var site = await suite.RegisterSiteAsync(Shaanxi);
        var client = suite.Inspections(TestTokens.National());
        var request = Requests.Plan(Shaanxi, site);

        var first = await client.PlanInspectionAsync(request);
        var repeated = await client.PlanInspectionAsync(request);
        repeated.ShouldBe(first);
        (await client.ListInspectionsAsync(new ListInspectionsRequest { SiteId = site })).TotalSize.ShouldBe(1);

        var started = await client.StartInspectionAsync(new StartInspectionRequest { InspectionId = first.InspectionId, ExpectedVersion = first.Version });
        await ShouldFail(StatusCode.Aborted, () => client.CancelInspectionAsync(new CancelInspectionRequest
            { InspectionId = first.InspectionId, ExpectedVersion = first.Version }));
        (await client.GetInspectionAsync(new GetInspectionRequest { InspectionId = first.InspectionId })).ShouldBe(started);

        var finding = await client.RecordFindingAsync(Requests.Finding(first.InspectionId, site));
        var order = await client.IssueRectificationAsync(Requests.Order(finding.FindingId, DateTimeOffset.UtcNow.AddDays(3)));
        await ShouldFail(StatusCode.Aborted, () => client.VerifyRectificationAsync(new VerifyRectificationRequest
            { OrderId = order.OrderId, Passed = true, ExpectedVersion = order.Version + 1 }));
    }

    [Fact]
    public async Task Provincial_callers_see_and_change_only_their_own_province()
    {
        await using var suite = await SuiteUnderTest.StartAsync(servers);
        var shaanxiSite = await suite.RegisterSiteAsync(Shaanxi);
        var sichuanSite = await suite.RegisterSiteAsync(Sichuan);
        var national = suite.Inspections(TestTokens.National());
        var ours = await national.PlanInspectionAsync(Requests.Plan(Shaanxi, shaanxiSite));
        var theirs = await national.PlanInspectionAsync(Requests.Plan(Sichuan, sichuanSite));
        var shaanxi = suite.Inspections(TestTokens.Provincial(Shaanxi));

        await ShouldFail(StatusCode.NotFound, () => shaanxi.GetInspectionAsync(new GetInspectionRequest { InspectionId = theirs.InspectionId }));
        await ShouldFail(StatusCode.NotFound, () => shaanxi.StartInspectionAsync(new StartInspectionRequest { InspectionId = theirs.InspectionId }));
        await ShouldFail(StatusCode.PermissionDenied, () => shaanxi.PlanInspectionAsync(Requests.Plan(Sichuan, sichuanSite)));
        var listed = await shaanxi.ListInspectionsAsync(new ListInspectionsRequest());
        listed.Inspections.Select(i => i.InspectionId).ShouldBe([ours.InspectionId]);
        listed.TotalSize.ShouldBe(1);
        (await national.ListInspectionsAsync(new ListInspectionsRequest())).TotalSize.ShouldBe(2);

        await ShouldFail(StatusCode.Unauthenticated, () => suite.InspectionsWithoutToken.ListInspectionsAsync(new ListInspectionsRequest()));
        var readOnly = suite.Inspections(TestTokens.Provincial(Shaanxi, SuiteScopes.InspectionsRead, SuiteScopes.SitesRead));
        (await readOnly.GetInspectionAsync(new GetInspectionRequest { InspectionId = ours.InspectionId })).InspectionId.ShouldBe(ours.InspectionId);
        await ShouldFail(StatusCode.PermissionDenied, () => readOnly.StartInspectionAsync(new StartInspectionRequest { InspectionId = ours.InspectionId }));
    }

    private static async Task<RpcException> ShouldFail<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call)
    {
        var failure = await Should.ThrowAsync<RpcException>(async () => await call());
        failure.StatusCode.ShouldBe(expected, failure.Status.Detail);
        return failure;
    }
}
