using Google.Protobuf.WellKnownTypes;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Gateway.Status.Projection;
using RelicSecurity.Gateway.Status.Rebuild;
using Shouldly;
using Xunit;

namespace RelicSecurity.Gateway.Tests.Status;

/// <summary>
/// The rules that let a rebuild run beside live events, without Redis: records read from the services merge with the
/// events about them in any order, joins reach a case's relics in any order, and a rebuilt generation's site horizon.
/// </summary>
public sealed class RebuildRecordTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_relic_counts_in_a_province_that_joined_its_case_whether_the_join_or_its_own_events_come_first()
    {
        var registered = new RelicRecord(1, ["330000"], "SEIZED", true, null, false);
        var appraised = new RelicRecord(2, ["330000"], "APPRAISED", true, null, false);
        var joined = RelicRecord.InCaseProvinces(["330000", "610000"]);

        foreach (var order in ProjectedRecordTests.Permutations([registered, appraised, joined]))
        {
            var state = order.Aggregate((RelicRecord?)null, RelicRecord.Merge)!;
            state.Provinces.ShouldBe(["330000", "610000"]);
            state.Status.ShouldBe("APPRAISED");
            RelicRecord.Merge(state, order[0]).ShouldBeEquivalentTo(state);
        }
    }

    [Fact]
    public void A_relic_read_from_the_service_and_its_latest_event_merge_to_one_state_whichever_lands_first()
    {
        var relic = new Relic { RelicId = "r1", CaseId = "c1", Status = RelicSecurity.Contracts.Cases.V1.RelicStatus.Appraised, Version = 2 };
        var snapshot = SnapshotRecords.Of(relic, ["330000"]);
        var appraisedEvent = new RelicRecord(2, ["330000"], "APPRAISED", true, null, false);

        // Registered as SEIZED (no custody row says so), then appraised: it reached SEIZED, so it is recovered.
        snapshot.Recovered.ShouldBeTrue();
        RelicRecord.Merge(snapshot, appraisedEvent).ShouldBeEquivalentTo(RelicRecord.Merge(appraisedEvent, snapshot));
        ProjectionDelta.Between(RelicRecord.Merge(null, appraisedEvent), RelicRecord.Merge(appraisedEvent, snapshot), "r1").IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_closed_case_read_from_the_service_counts_in_the_year_its_history_closed_it()
    {
        var closedAt = new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero);
        var @case = new RelicSecurity.Contracts.Cases.V1.Case
        {
            CaseId = "c1", Type = CaseType.Smuggling, Stage = CaseStage.Closed, LeadProvinceCode = "610000", ParticipatingProvinceCodes = { "330000" },
            Supervision = Supervision.None, Version = 9,
            History = { new StageChange { ToStage = CaseStage.JudgmentEffective, At = Timestamp.FromDateTimeOffset(closedAt.AddDays(-5)) },
                        new StageChange { ToStage = CaseStage.Closed, At = Timestamp.FromDateTimeOffset(closedAt) } },
        };

        SnapshotRecords.Of(@case).ShouldBeEquivalentTo(new CaseRecord(9, "SMUGGLING", "CLOSED", ["610000", "330000"], "NONE", 2025));
    }

    [Fact]
    public void Records_read_from_the_services_name_enum_values_as_the_events_do()
    {
        SnapshotRecords.Of(new Inspection { InspectionId = "i1", ProvinceCode = "510000", State = InspectionState.InProgress, Version = 3 })
            .ShouldBe(new InspectionRecord(3, "510000", "IN_PROGRESS"));
        SnapshotRecords.Of(new RectificationOrder { OrderId = "o1", ProvinceCode = "510000", State = RectificationState.Overdue, Version = 2 })
            .ShouldBe(new OrderRecord(2, "510000", true));
        SnapshotRecords.Hazard(new Inspection { ProvinceCode = "510000" }, "f1", new HashSet<string> { "f1" }).ShouldBe(new HazardRecord("510000", true));
        var site = SnapshotRecords.Of(new Site { SiteId = "s1", ProvinceCode = "500000", RiskLevel = RiskLevel.Critical, UpdatedAt = Timestamp.FromDateTimeOffset(At) });
        site.Current.ShouldBe(new SiteObservation(At, "500000", "CRITICAL"));
        site.Registered.ShouldBeTrue();
    }

    [Fact]
    public void In_a_rebuilt_generation_a_site_first_seen_before_it_went_live_counts_whole_and_a_later_import_by_its_batch()
    {
        var wentLive = At;
        var missedByTheListing = new SiteRecord(false, new SiteObservation(At.AddSeconds(-3), "330000", "HIGH"),
            new SiteObservation(At.AddSeconds(-3), "330000", "MEDIUM", ProvinceExact: false));
        var importedLater = new SiteRecord(false, new SiteObservation(At.AddMinutes(5), "330000", "HIGH"),
            new SiteObservation(At.AddMinutes(5), "330000", "MEDIUM", ProvinceExact: false));

        var whole = (SiteRecord)missedByTheListing.ObservedBefore(wentLive);
        whole.Counts().Where(c => c.Field == StatusFields.SitesTotal).Sum(c => c.Amount).ShouldBe(2, "once in 330000, once nationally");
        var moved = (SiteRecord)importedLater.ObservedBefore(wentLive);
        moved.Counts().Where(c => c.Field == StatusFields.SitesTotal).Sum(c => c.Amount).ShouldBe(0, "its batch counted it; it only moved level");

        var batch = new ImportBatchRecord([new ImportedSiteCount("330000", "LOW", 10)], At.AddSeconds(-1));
        ((ImportBatchRecord)batch.ObservedBefore(wentLive)).Counts().ShouldBeEmpty();
        ((ImportBatchRecord)batch.ObservedBefore(At.AddSeconds(-2))).Counts().ShouldNotBeEmpty();
    }
}
