using RelicSecurity.Inspections.Domain;
using RelicSecurity.Inspections.Persistence;
using RelicSecurity.Inspections.Validation;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Persistence;

[Collection("servers")]
public sealed class RectificationStoreTests(LocalServersFixture servers)
{
    private static readonly ProvinceReach Shaanxi = new("610000");

    [Fact]
    public async Task A_failed_verification_keeps_the_hazard_open_and_a_new_order_may_follow_until_one_passes()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var finding = await FindingAsync(store);
        var now = DateTimeOffset.UtcNow;

        var first = await store.Rectifications.IssueAsync(new NewRectification(finding.FindingId, "Township office", now.AddDays(10)), "alice", null,
            Shaanxi, now, default);
        first.State.ShouldBe(RectificationState.Open);
        first.Severity.ShouldBe(finding.Severity);
        await Should.ThrowAsync<IllegalTransitionException>(() =>
            store.Rectifications.IssueAsync(new NewRectification(finding.FindingId, "Another unit", now.AddDays(5)), "alice", null, Shaanxi, now, default));

        var failed = await store.Rectifications.VerifyAsync(new Verification(first.OrderId, false, "fence still cut", first.Version), Shaanxi, now, default);
        failed.State.ShouldBe(RectificationState.FailedVerification);
        failed.Note.ShouldBe("fence still cut");
        await Should.ThrowAsync<IllegalTransitionException>(() =>
            store.Rectifications.VerifyAsync(new Verification(first.OrderId, true, "", 0), Shaanxi, now, default));

        var second = await store.Rectifications.IssueAsync(new NewRectification(finding.FindingId, "Township office", now.AddDays(10)), "alice", null,
            Shaanxi, now, default);
        var passed = await store.Rectifications.VerifyAsync(new Verification(second.OrderId, true, "repaired", 0), Shaanxi, now, default);
        passed.State.ShouldBe(RectificationState.Verified);
        passed.VerifiedAt.ShouldNotBeNull();
        await Should.ThrowAsync<IllegalTransitionException>(() =>
            store.Rectifications.IssueAsync(new NewRectification(finding.FindingId, "Township office", now.AddDays(10)), "alice", null, Shaanxi, now, default));

        (await store.OutboxCountAsync("RectificationIssued")).ShouldBe(2);
        (await store.OutboxCountAsync("RectificationVerified")).ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_order_version_is_a_conflict()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var finding = await FindingAsync(store);
        var order = await store.Rectifications.IssueAsync(new NewRectification(finding.FindingId, "Unit", DateTimeOffset.UtcNow.AddDays(1)), "alice", null,
            Shaanxi, DateTimeOffset.UtcNow, default);
        await Should.ThrowAsync<VersionConflictException>(() =>
            store.Rectifications.VerifyAsync(new Verification(order.OrderId, true, "", order.Version + 1), Shaanxi, DateTimeOffset.UtcNow, default));
        (await store.Rectifications.GetAsync(order.OrderId, Shaanxi, default)).State.ShouldBe(RectificationState.Open);
    }

    [Fact]
    public async Task Orders_of_another_province_are_not_found()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var finding = await FindingAsync(store);
        var sichuan = new ProvinceReach("510000");
        await Should.ThrowAsync<RecordNotFoundException>(() => store.Rectifications.IssueAsync(
            new NewRectification(finding.FindingId, "Unit", DateTimeOffset.UtcNow.AddDays(1)), "bob", null, sichuan, DateTimeOffset.UtcNow, default));
        var order = await store.Rectifications.IssueAsync(new NewRectification(finding.FindingId, "Unit", DateTimeOffset.UtcNow.AddDays(1)), "alice", null,
            Shaanxi, DateTimeOffset.UtcNow, default);
        await Should.ThrowAsync<RecordNotFoundException>(() =>
            store.Rectifications.VerifyAsync(new Verification(order.OrderId, true, "", 0), sichuan, DateTimeOffset.UtcNow, default));
        (await store.Rectifications.ListAsync(new RectificationFilter(null, null, null, 50, null), sichuan, default)).TotalSize.ShouldBe(0);
        (await store.Rectifications.ListAsync(new RectificationFilter(null, RectificationState.Open, finding.SiteId, 50, null), Shaanxi, default))
            .Orders.ShouldHaveSingleItem().OrderId.ShouldBe(order.OrderId);
    }

    [Fact]
    public async Task Two_scans_racing_over_many_due_orders_mark_each_exactly_once()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var now = DateTimeOffset.UtcNow;
        var orders = new List<RectificationOrder>();
        for (var i = 0; i < 40; i++)
        {
            var finding = await FindingAsync(store);
            orders.Add(await store.Rectifications.IssueAsync(new NewRectification(finding.FindingId, "Unit", now.AddMinutes(1 + i)), "alice", null, Shaanxi,
                now, default));
        }

        var later = now.AddHours(1);
        var scanners = new[] { new OverdueScan(store.Database), new OverdueScan(InspectionsDatabase.Create(store.ConnectionString)) };
        var marked = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => scanners[i % 2].MarkDueAsync(later, 7, default)));
        var total = marked.Sum(p => p.MarkedOverdue.Count);
        while (true)
        {
            // The racing passes may have left some (skipped while busy, or fewer than due per batch): a plain catch-up finishes.
            var pass = await scanners[0].MarkDueAsync(later, 7, default);
            total += pass.MarkedOverdue.Count;
            if (pass.MarkedOverdue.Count == 0)
            {
                break;
            }
        }

        total.ShouldBe(40);
        marked.SelectMany(p => p.MarkedOverdue).Select(o => o.OrderId).ShouldBeUnique();
        (await store.OutboxCountAsync("RectificationOverdue")).ShouldBe(40);
        foreach (var order in orders)
        {
            var overdue = await store.Rectifications.GetAsync(order.OrderId, Shaanxi, default);
            overdue.State.ShouldBe(RectificationState.Overdue);
            overdue.OverdueAt.ShouldBe(Rows.Stored(later));
            (await store.OutboxCountAsync("RectificationOverdue", order.OrderId.ToString())).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_scan_leaves_orders_not_yet_due_and_settled_ones_alone()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var now = DateTimeOffset.UtcNow;
        var due = await store.Rectifications.IssueAsync(new NewRectification((await FindingAsync(store)).FindingId, "Unit", now.AddMinutes(1)), "a", null,
            Shaanxi, now, default);
        var notYet = await store.Rectifications.IssueAsync(new NewRectification((await FindingAsync(store)).FindingId, "Unit", now.AddMinutes(3)), "a", null,
            Shaanxi, now, default);
        var verified = await store.Rectifications.IssueAsync(new NewRectification((await FindingAsync(store)).FindingId, "Unit", now.AddMinutes(1)), "a",
            null, Shaanxi, now, default);
        await store.Rectifications.VerifyAsync(new Verification(verified.OrderId, true, "", 0), Shaanxi, now, default);

        var pass = await new OverdueScan(store.Database).MarkDueAsync(now.AddMinutes(2), 100, default);
        pass.MarkedOverdue.ShouldHaveSingleItem().OrderId.ShouldBe(due.OrderId);
        (await store.Rectifications.GetAsync(notYet.OrderId, Shaanxi, default)).State.ShouldBe(RectificationState.Open);
        (await store.Rectifications.GetAsync(verified.OrderId, Shaanxi, default)).State.ShouldBe(RectificationState.Verified);

        // An OVERDUE order can still be verified; the event says it was overdue, so counts of overdue orders can drop it.
        var late = await store.Rectifications.VerifyAsync(new Verification(due.OrderId, true, "late but done", 0), Shaanxi, now.AddMinutes(5), default);
        late.State.ShouldBe(RectificationState.Verified);
        (await new OverdueScan(store.Database).MarkDueAsync(now.AddDays(1), 100, default)).MarkedOverdue.ShouldHaveSingleItem().OrderId.ShouldBe(notYet.OrderId);
    }

    [Fact]
    public async Task Orders_page_soonest_deadline_first_and_a_token_serves_only_its_own_query()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var now = DateTimeOffset.UtcNow;
        var orders = new List<RectificationOrder>();
        foreach (var days in new[] { 9, 3, 7, 1, 5 })
        {
            var finding = await FindingAsync(store);
            orders.Add(await store.Rectifications.IssueAsync(new NewRectification(finding.FindingId, "Unit", now.AddDays(days)), "alice", null, Shaanxi,
                now, default));
        }

        var seen = new List<Guid>();
        string? token = null;
        do
        {
            var page = await store.Rectifications.ListAsync(new RectificationFilter(null, RectificationState.Open, null, 2, token), Shaanxi, default);
            page.TotalSize.ShouldBe(5);
            seen.AddRange(page.Orders.Select(o => o.OrderId));
            token = page.NextPageToken.Length == 0 ? null : page.NextPageToken;
        }
        while (token is not null);

        seen.ShouldBe(orders.OrderBy(o => o.Deadline).Select(o => o.OrderId));
        var first = await store.Rectifications.ListAsync(new RectificationFilter(null, null, null, 1, null), Shaanxi, default);
        await Should.ThrowAsync<ServiceDefaults.Failures.RequestValidationException>(() =>
            store.Rectifications.ListAsync(new RectificationFilter("610000", null, null, 1, first.NextPageToken), Shaanxi, default));
    }

    private static async Task<Finding> FindingAsync(StoreUnderTest store)
    {
        var site = Guid.NewGuid();
        var inspection = await store.Inspections.PlanAsync(StoreUnderTest.Plan("610000", site), "alice", null, DateTimeOffset.UtcNow, default);
        await store.Inspections.MoveAsync(inspection.InspectionId, InspectionMove.Start, 0, Shaanxi, DateTimeOffset.UtcNow, default);
        return await store.Inspections.RecordFindingAsync(
            new NewFinding(inspection.InspectionId, site, FindingCategory.SecurityFacility, HazardSeverity.Medium, "alarm broken"), "alice", null, Shaanxi,
            DateTimeOffset.UtcNow, default);
    }
}
