using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Gateway.Status.Projection;
using Shouldly;
using Xunit;

namespace RelicSecurity.Gateway.Tests.Status;

/// <summary>The projection's rules without Redis: records merge to the same state in any order, and deltas follow state.</summary>
public sealed class ProjectedRecordTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_case_counts_once_in_each_of_its_provinces_and_once_nationally()
    {
        var joint = new CaseRecord(2, "SMUGGLING", "INVESTIGATION", ["610000", "440000", "610000"], "NATIONAL", null);

        var counts = joint.Counts().ToList();

        counts.Count(c => c.Field == StatusFields.OpenCases).ShouldBe(3);
        counts.ShouldContain(new Contribution(StatusFields.National, StatusFields.OpenCases));
        counts.ShouldContain(new Contribution("440000", "open_cases_by_type:SMUGGLING"));
        counts.Count(c => c.Field == StatusFields.SupervisedCases).ShouldBe(3);
    }

    [Fact]
    public void Case_events_in_any_order_or_repeated_merge_to_the_newest_state_and_keep_the_closing_year()
    {
        var opened = new CaseRecord(1, "THEFT", "REPORTED", ["610000"], "NONE", null);
        var closed = new CaseRecord(7, "THEFT", "CLOSED", ["610000"], "NONE", 2026);
        var supervisedAfterClosing = new CaseRecord(8, "THEFT", "CLOSED", ["610000"], "PROVINCIAL", null);
        CaseRecord[] events = [opened, closed, supervisedAfterClosing];

        var expected = new CaseRecord(8, "THEFT", "CLOSED", ["610000"], "PROVINCIAL", 2026);
        foreach (var order in Permutations(events))
        {
            var state = order.Aggregate((CaseRecord?)null, CaseRecord.Merge)!;
            state = CaseRecord.Merge(state, order[0]);
            state.ShouldBeEquivalentTo(expected);
        }

        expected.Counts().ShouldBe([new("610000", "cases_closed:2026"), new(StatusFields.National, "cases_closed:2026")]);
    }

    [Fact]
    public void Closing_a_case_moves_its_counts_from_open_to_closed()
    {
        var open = new CaseRecord(1, "THEFT", "REPORTED", ["610000"], "NONE", null);
        var closed = new CaseRecord(2, "THEFT", "CLOSED", ["610000"], "NONE", 2026);

        var delta = ProjectionDelta.Between(open, closed, "case-1");

        delta.Counters.ShouldContain(new Contribution("610000", StatusFields.OpenCases, -1));
        delta.Counters.ShouldContain(new Contribution("610000", "open_cases_by_type:THEFT", -1));
        delta.Counters.ShouldContain(new Contribution("610000", "cases_closed:2026", 1));
        delta.Provinces.ShouldBe(["610000", StatusFields.National], ignoreOrder: true);
        ProjectionDelta.Between(closed, closed, "case-1").IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_relic_seized_then_handed_over_stays_recovered_and_leaves_the_overdue_set_whatever_the_order()
    {
        var registered = new RelicRecord(1, ["330000"], "STOLEN", false, null, false);
        var seized = new RelicRecord(2, ["330000"], "SEIZED", true, null, false);
        var judged = RelicRecord.DueFromJudgment(At.AddYears(1));
        var handedOver = new RelicRecord(3, ["330000"], "HANDED_OVER", false, At.AddYears(1), true);

        foreach (var order in Permutations([registered, seized, judged, handedOver]))
        {
            var state = order.Aggregate((RelicRecord?)null, RelicRecord.Merge)!;
            state.Recovered.ShouldBeTrue();
            state.Status.ShouldBe("HANDED_OVER");
            state.HandoversDue("r1").ShouldBeEmpty();
        }

        var due = RelicRecord.Merge(RelicRecord.Merge(registered, seized), judged);
        due.HandoversDue("r1").ShouldBe([new HandoverDue("330000", "r1", At.AddYears(1)), new HandoverDue(StatusFields.National, "r1", At.AddYears(1))]);
    }

    [Fact]
    public void A_hazard_closed_by_a_passed_verification_stays_closed_and_a_failed_one_leaves_it_open()
    {
        var recorded = new HazardRecord("610000", Closed: false);
        var failed = new HazardRecord("610000", Closed: false);
        var passed = new HazardRecord("610000", Closed: true);

        HazardRecord.Merge(HazardRecord.Merge(passed, recorded), failed).Closed.ShouldBeTrue();
        HazardRecord.Merge(recorded, failed).Counts().ShouldContain(new Contribution("610000", StatusFields.OpenHazards));
    }

    [Fact]
    public void An_overdue_notice_older_than_the_verification_does_not_make_the_order_overdue_again()
    {
        var verified = new OrderRecord(3, "610000", Overdue: false);
        var overdue = new OrderRecord(2, "610000", Overdue: true);

        OrderRecord.Merge(verified, overdue).Overdue.ShouldBeFalse();
        OrderRecord.Merge(overdue, verified).Overdue.ShouldBeFalse();
    }

    [Fact]
    public void Inspections_count_as_planned_until_completed_or_cancelled()
    {
        new InspectionRecord(2, "610000", "IN_PROGRESS").Counts().ShouldContain(new Contribution("610000", StatusFields.InspectionsPlanned));
        new InspectionRecord(3, "610000", "COMPLETED").Counts().ShouldContain(new Contribution("610000", StatusFields.InspectionsCompleted));
        new InspectionRecord(3, "610000", "CANCELLED").Counts().ShouldBeEmpty();
        InspectionRecord.Merge(new InspectionRecord(3, "610000", "COMPLETED"), new InspectionRecord(1, "610000", "PLANNED")).State.ShouldBe("COMPLETED");
    }

    [Fact]
    public void A_registered_site_counts_where_and_at_the_level_it_is_now()
    {
        var registered = Site(true, At, "610000", "LOW");
        var riskChanged = new SiteRecord(false, new SiteObservation(At.AddDays(1), "610000", "HIGH"),
            new SiteObservation(At.AddDays(1), "610000", "LOW", ProvinceExact: false));

        foreach (var order in Permutations([registered, riskChanged]))
        {
            var state = order.Aggregate((SiteRecord?)null, SiteRecord.Merge)!;
            state.Counts().Where(c => c.Province == "610000").ShouldBe(
                [new("610000", StatusFields.SitesTotal), new("610000", "sites_by_risk:HIGH")], ignoreOrder: true);
        }
    }

    [Fact]
    public void An_imported_site_that_moved_province_and_level_moves_its_batch_count_with_it()
    {
        // One UpdateSite moved the site 610000 → 620000 and its level LOW → MEDIUM: both events carry the same instant.
        var update = At.AddDays(2);
        var updated = new SiteRecord(false, new SiteObservation(update, "620000", "MEDIUM"),
            new SiteObservation(update, "610000", "MEDIUM", ProvinceExact: true, LevelExact: false));
        var riskChanged = new SiteRecord(false, new SiteObservation(update, "620000", "MEDIUM"),
            new SiteObservation(update, "620000", "LOW", ProvinceExact: false, LevelExact: true));
        var batch = new ImportBatchRecord([new ImportedSiteCount("610000", "LOW", 1)]);

        foreach (var order in Permutations([updated, riskChanged]))
        {
            var site = order.Aggregate((SiteRecord?)null, SiteRecord.Merge)!;
            var totals = site.Counts().Concat(batch.Counts())
                .GroupBy(c => (c.Province, c.Field)).ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));
            totals[("610000", StatusFields.SitesTotal)].ShouldBe(0);
            totals[("610000", "sites_by_risk:LOW")].ShouldBe(0);
            totals[("620000", StatusFields.SitesTotal)].ShouldBe(1);
            totals[("620000", "sites_by_risk:MEDIUM")].ShouldBe(1);
            totals[(StatusFields.National, StatusFields.SitesTotal)].ShouldBe(1);
            totals[(StatusFields.National, "sites_by_risk:LOW")].ShouldBe(0);
            totals[(StatusFields.National, "sites_by_risk:MEDIUM")].ShouldBe(1);
        }
    }

    private static SiteRecord Site(bool registered, DateTimeOffset at, string province, string level)
    {
        var seen = new SiteObservation(at, province, level);
        return new SiteRecord(registered, seen, seen);
    }

    internal static IEnumerable<T[]> Permutations<T>(T[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
