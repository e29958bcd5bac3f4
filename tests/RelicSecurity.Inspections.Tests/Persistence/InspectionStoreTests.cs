using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Inspections.Domain;
using RelicSecurity.Inspections.Validation;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Persistence;

[Collection("servers")]
public sealed class InspectionStoreTests(LocalServersFixture servers)
{
    private static readonly ProvinceReach Shaanxi = new("610000");

    [Fact]
    public async Task An_inspection_runs_its_lifecycle_and_announces_every_step()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var site = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var planned = await store.Inspections.PlanAsync(StoreUnderTest.Plan("610000", site), "alice", "r-1", now, default);
        planned.State.ShouldBe(InspectionState.Planned);
        planned.Version.ShouldBe(1);

        var started = await store.Inspections.MoveAsync(planned.InspectionId, InspectionMove.Start, 1, Shaanxi, now, default);
        var finding = await store.Inspections.RecordFindingAsync(
            new NewFinding(planned.InspectionId, site, FindingCategory.FireSafety, HazardSeverity.High, "extinguishers empty"), "alice", null, Shaanxi,
            now, default);
        var completed = await store.Inspections.MoveAsync(planned.InspectionId, InspectionMove.Complete, 0, Shaanxi, now, default);

        started.State.ShouldBe(InspectionState.InProgress);
        finding.RecordedBy.ShouldBe("alice");
        finding.ProvinceCode.ShouldBe("610000");
        completed.State.ShouldBe(InspectionState.Completed);
        completed.FindingIds.ShouldBe([finding.FindingId]);
        completed.Version.ShouldBe(4);
        var id = planned.InspectionId.ToString();
        (await store.OutboxCountAsync("InspectionPlanned", id)).ShouldBe(1);
        (await store.OutboxCountAsync("InspectionStarted", id)).ShouldBe(1);
        (await store.OutboxCountAsync("FindingRecorded", id)).ShouldBe(1);
        (await store.OutboxCountAsync("InspectionCompleted", id)).ShouldBe(1);

        var announced = (await store.OutboxEventsAsync<InspectionCompleted>()).ShouldHaveSingleItem();
        announced.SiteIds.ShouldBe([site.ToString()]);
        announced.CompletedAt.ShouldBe(completed.UpdatedAt);
        announced.FindingCount.ShouldBe(1);
        announced.Version.ShouldBe(completed.Version);
        var recorded = (await store.OutboxEventsAsync<FindingRecorded>()).ShouldHaveSingleItem();
        (recorded.FindingId, recorded.SiteId, recorded.ProvinceCode, recorded.Category, recorded.Severity, recorded.RecordedBy)
            .ShouldBe((finding.FindingId.ToString(), site.ToString(), "610000", "FIRE_SAFETY", "HIGH", "alice"));
    }

    [Fact]
    public async Task A_repeated_request_id_returns_the_first_inspection_and_announces_it_once()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var plan = StoreUnderTest.Plan("610000", Guid.NewGuid());
        var first = await store.Inspections.PlanAsync(plan, "alice", "same", DateTimeOffset.UtcNow, default);
        var again = await store.Inspections.PlanAsync(plan with { Title = "changed" }, "alice", "same", DateTimeOffset.UtcNow, default);
        var otherCaller = await store.Inspections.PlanAsync(plan, "bob", "same", DateTimeOffset.UtcNow, default);

        again.InspectionId.ShouldBe(first.InspectionId);
        again.Title.ShouldBe(first.Title);
        again.Version.ShouldBe(first.Version);
        otherCaller.InspectionId.ShouldNotBe(first.InspectionId);
        (await store.OutboxCountAsync("InspectionPlanned")).ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_changes_nothing()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var planned = await store.Inspections.PlanAsync(StoreUnderTest.Plan("610000", Guid.NewGuid()), "alice", null, DateTimeOffset.UtcNow, default);
        await store.Inspections.MoveAsync(planned.InspectionId, InspectionMove.Start, planned.Version, Shaanxi, DateTimeOffset.UtcNow, default);

        await Should.ThrowAsync<VersionConflictException>(() =>
            store.Inspections.MoveAsync(planned.InspectionId, InspectionMove.Cancel, planned.Version, Shaanxi, DateTimeOffset.UtcNow, default));
        (await store.Inspections.GetAsync(planned.InspectionId, Shaanxi, default)).State.ShouldBe(InspectionState.InProgress);
        (await store.OutboxCountAsync("InspectionCancelled")).ShouldBe(0);
    }

    [Fact]
    public async Task Records_of_another_province_are_not_found_and_lists_show_only_the_callers_province()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var ours = await store.Inspections.PlanAsync(StoreUnderTest.Plan("610000", Guid.NewGuid()), "alice", null, DateTimeOffset.UtcNow, default);
        var theirs = await store.Inspections.PlanAsync(StoreUnderTest.Plan("510000", Guid.NewGuid()), "bob", null, DateTimeOffset.UtcNow, default);

        await Should.ThrowAsync<RecordNotFoundException>(() => store.Inspections.GetAsync(theirs.InspectionId, Shaanxi, default));
        await Should.ThrowAsync<RecordNotFoundException>(() =>
            store.Inspections.MoveAsync(theirs.InspectionId, InspectionMove.Start, 0, Shaanxi, DateTimeOffset.UtcNow, default));
        var mine = await store.Inspections.ListAsync(new InspectionFilter(null, null, null, null, 50, null), Shaanxi, default);
        mine.Inspections.Select(i => i.InspectionId).ShouldBe([ours.InspectionId]);
        mine.TotalSize.ShouldBe(1);
        var asked = await store.Inspections.ListAsync(new InspectionFilter("510000", null, null, null, 50, null), Shaanxi, default);
        asked.Inspections.ShouldBeEmpty();
        var all = await store.Inspections.ListAsync(new InspectionFilter(null, null, null, null, 50, null), ProvinceReach.Everywhere, default);
        all.TotalSize.ShouldBe(2);
    }

    [Fact]
    public async Task Lists_page_newest_first_with_filters_by_site_and_state()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        var site = Guid.NewGuid();
        var created = new List<Inspection>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await store.Inspections.PlanAsync(StoreUnderTest.Plan("610000", site, Guid.NewGuid()), "alice", null,
                DateTimeOffset.UtcNow.AddMinutes(i), default));
        }

        await store.Inspections.PlanAsync(StoreUnderTest.Plan("610000", Guid.NewGuid()), "alice", null, DateTimeOffset.UtcNow, default);
        await store.Inspections.MoveAsync(created[0].InspectionId, InspectionMove.Cancel, 0, Shaanxi, DateTimeOffset.UtcNow, default);

        var seen = new List<Guid>();
        string? token = null;
        do
        {
            var page = await store.Inspections.ListAsync(new InspectionFilter(null, InspectionState.Planned, site, null, 2, token), Shaanxi, default);
            page.TotalSize.ShouldBe(4);
            seen.AddRange(page.Inspections.Select(i => i.InspectionId));
            token = page.NextPageToken.Length == 0 ? null : page.NextPageToken;
        }
        while (token is not null);

        seen.ShouldBe(created.Skip(1).Reverse().Select(i => i.InspectionId));
    }

    [Fact]
    public async Task A_page_token_of_another_query_is_rejected()
    {
        await using var store = await StoreUnderTest.CreateAsync(servers);
        for (var i = 0; i < 3; i++)
        {
            await store.Inspections.PlanAsync(StoreUnderTest.Plan("610000", Guid.NewGuid()), "alice", null, DateTimeOffset.UtcNow, default);
        }

        var page = await store.Inspections.ListAsync(new InspectionFilter(null, null, null, null, 1, null), ProvinceReach.Everywhere, default);
        await Should.ThrowAsync<ServiceDefaults.Failures.RequestValidationException>(() =>
            store.Inspections.ListAsync(new InspectionFilter("610000", null, null, null, 1, page.NextPageToken), ProvinceReach.Everywhere, default));
    }
}
