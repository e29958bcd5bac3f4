using Grpc.Core;
using RelicSecurity.Contracts.Events.Cases;
using RelicSecurity.Contracts.Events.Inspections;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.Contracts.Status.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Gateway.Tests.Status;

/// <summary>
/// Every service's events, published to the real RabbitMQ, projected by the real gateway into the real Redis and read
/// through StatusService; repeats (same and new message ids) and reordering give the same counts.
/// </summary>
[Collection("servers")]
public sealed class StatusProjectionTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset At = new(DateTime.UtcNow.Year, 1, 2, 8, 0, 0, TimeSpan.Zero);

    private StatusGatewayHost _gateway = null!;
    private TestEventBus _bus = null!;

    public async Task InitializeAsync()
    {
        _gateway = await StatusGatewayHost.StartAsync(servers, $"test:{Guid.NewGuid():N}:");
        _bus = await TestEventBus.StartAsync(servers.RabbitMq.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Cases_count_as_open_in_their_provinces_until_closed_and_then_in_this_years_closed()
    {
        var joint = Guid.NewGuid().ToString();
        var single = Guid.NewGuid().ToString();
        await _bus.PublishAsync(Opened(joint, "SMUGGLING", "610000", ["440000"], "NATIONAL", 1));
        await _bus.PublishAsync(Opened(single, "THEFT", "610000", [], "NONE", 1));

        var national = await NationalWhenAsync(n => n.Totals.OpenCases == 2, "two open cases");
        Province(national, "610000").OpenCases.ShouldBe(2);
        Province(national, "440000").OpenCases.ShouldBe(1);
        Province(national, "440000").OpenCasesByType["SMUGGLING"].ShouldBe(1);
        national.Totals.SupervisedCases.ShouldBe(1);
        national.Totals.OpenCasesByType["THEFT"].ShouldBe(1);

        await _bus.PublishAsync(StageChanged(single, "THEFT", "CLOSED", "610000", 5));
        national = await NationalWhenAsync(n => n.Totals.OpenCases == 1, "one case closed");
        national.Totals.CasesClosedThisYear.ShouldBe(1);
        Province(national, "610000").CasesClosedThisYear.ShouldBe(1);
        national.Totals.OpenCasesByType.ContainsKey("THEFT").ShouldBeFalse();
    }

    [Fact]
    public async Task Repeated_and_reordered_events_give_the_same_counts()
    {
        var caseId = Guid.NewGuid().ToString();
        var other = Guid.NewGuid().ToString();
        // The close overtakes the opening; another opening arrives twice with one id and once more with a new id.
        await _bus.PublishAsync(StageChanged(caseId, "THEFT", "DROPPED", "330000", 3));
        await _bus.PublishAsync(Opened(caseId, "THEFT", "330000", [], "NONE", 1));
        var opening = Opened(other, "ROBBERY", "330000", [], "NONE", 1);
        var id = await _bus.PublishAsync(opening);
        await _bus.PublishAsync(opening, id);
        await _bus.PublishAsync(opening);
        // A hazard verified before it is recorded, and an overdue notice older than the verification.
        var finding = Guid.NewGuid().ToString();
        var order = Guid.NewGuid().ToString();
        await _bus.PublishAsync(new RectificationVerified(order, finding, Guid.NewGuid().ToString(), "330000", "HIGH", true, "OVERDUE", "", At, 3));
        await _bus.PublishAsync(new RectificationOverdue(order, finding, Guid.NewGuid().ToString(), "330000", "HIGH", At, At, 2));
        await _bus.PublishAsync(new FindingRecorded(finding, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "330000", "FIRE_SAFETY", "HIGH", "", "x", At));
        // A marker last: once it shows, everything published before it on these queues has had its chance.
        var open = Guid.NewGuid().ToString();
        await _bus.PublishAsync(new FindingRecorded(open, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "330000", "FIRE_SAFETY", "LOW", "", "x", At));

        var status = await ProvinceWhenAsync("330000", s => s.OpenHazards == 1 && s.OpenCases == 1, "the open finding and case");
        status.OpenCasesByType.ShouldBe(new Dictionary<string, int> { ["ROBBERY"] = 1 });
        status.OverdueRectifications.ShouldBe(0);
    }

    [Fact]
    public async Task Inspections_relics_and_sites_fill_their_columns()
    {
        var inspection = Guid.NewGuid().ToString();
        var relic = Guid.NewGuid().ToString();
        var site = Guid.NewGuid().ToString();
        await _bus.PublishAsync(new InspectionPlanned(inspection, "t", "520000", "CULTURAL_HERITAGE", [], [site], At, At.AddDays(3), "MANUAL", At, 1));
        await _bus.PublishAsync(new RelicRegistered(Guid.NewGuid(), relic, "c", "520000", [], "ceramics/jar", "SEIZED", "GRADE_1", null, At, 1));
        await _bus.PublishAsync(new SiteRegistered(site, "s", "520000", "ANCIENT_TOMB", "NATIONAL", "LOW", 0, At));
        await _bus.PublishAsync(new SitesImported(Guid.NewGuid().ToString(), [new ImportedSiteCount("520000", "MEDIUM", 40)], At));

        var status = await ProvinceWhenAsync("520000", s => s.InspectionsPlanned == 1 && s.RelicsRecovered == 1 && s.SitesTotal == 41,
            "planned inspection, recovered relic, 41 sites");
        status.SitesByRisk.OrderBy(r => r.Key).ShouldBe([new("LOW", 1), new("MEDIUM", 40)]);

        // Judgment made the relic due a day ago: overdue until handed over.
        var caseId = Guid.NewGuid().ToString();
        await _bus.PublishAsync(new CaseStageChanged(Guid.NewGuid(), caseId, "N", "THEFT", "TRIAL", "JUDGMENT_EFFECTIVE", "520000", [], [], "NONE",
            [relic], DateTimeOffset.UtcNow.AddDays(-1), "judge", At, At, 6));
        await _bus.PublishAsync(new InspectionCompleted(inspection, "520000", [site], 0, At.AddDays(1), 3));
        await _bus.PublishAsync(new SiteRiskChanged(site, "520000", "LOW", "CRITICAL", 0, 11, "case opened", At.AddDays(1)));
        status = await ProvinceWhenAsync("520000", s => s.RelicsHandoverOverdue == 1 && s.InspectionsCompleted == 1 && s.SitesByRisk.ContainsKey("CRITICAL"),
            "overdue relic, completed inspection, critical site");
        status.InspectionsPlanned.ShouldBe(0);
        status.SitesByRisk.OrderBy(r => r.Key).ShouldBe([new("CRITICAL", 1), new("MEDIUM", 40)]);

        await _bus.PublishAsync(new RelicCustodyChanged(Guid.NewGuid(), relic, caseId, "520000", [], "HANDED_OVER", "SEIZED", "HANDED_OVER", "GRADE_1",
            "museum", DateTimeOffset.UtcNow.AddDays(-1), At, At, 2));
        await ProvinceWhenAsync("520000", s => s.RelicsHandoverOverdue == 0 && s.RelicsRecovered == 1, "the relic handed over");
    }

    [Fact]
    public async Task Watching_streams_the_status_of_each_province_that_changes()
    {
        using var call = _gateway.Client.WatchNationalStatus(new WatchNationalStatusRequest());
        var hub = (RelicSecurity.Gateway.Status.Store.StatusChangeHub)_gateway.Services.GetService(typeof(RelicSecurity.Gateway.Status.Store.StatusChangeHub))!;
        await Eventually.HoldsAsync(() => hub.WatcherCount == 1, Patience, "the watch is registered");

        await _bus.PublishAsync(Opened(Guid.NewGuid().ToString(), "THEFT", "350000", [], "NONE", 1));

        var seen = new List<ProvinceStatus>();
        using var timeout = new CancellationTokenSource(Patience);
        while (seen.Count < 2 && await call.ResponseStream.MoveNext(timeout.Token))
        {
            seen.Add(call.ResponseStream.Current);
        }

        seen.Select(s => s.ProvinceCode).ShouldBe(["350000", "000000"], ignoreOrder: true);
        seen.ShouldAllBe(s => s.OpenCases >= 1);
    }

    [Fact]
    public async Task A_malformed_province_code_is_rejected_naming_the_field()
    {
        var failure = await Should.ThrowAsync<RpcException>(async () =>
            await _gateway.Client.GetProvinceStatusAsync(new GetProvinceStatusRequest { ProvinceCode = "61" }));

        failure.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        failure.Status.Detail.ShouldContain("province_code");
    }

    private async Task<NationalStatus> NationalWhenAsync(Func<NationalStatus, bool> accept, string description) =>
        await Eventually.ReturnsAsync(async () => await _gateway.Client.GetNationalStatusAsync(new GetNationalStatusRequest()), accept, Patience, description);

    private async Task<ProvinceStatus> ProvinceWhenAsync(string province, Func<ProvinceStatus, bool> accept, string description) =>
        await Eventually.ReturnsAsync(async () => await _gateway.Client.GetProvinceStatusAsync(new GetProvinceStatusRequest { ProvinceCode = province }),
            accept, Patience, description);

    private static ProvinceStatus Province(NationalStatus national, string province) =>
        national.Provinces.Single(p => p.ProvinceCode == province);

    private static CaseOpened Opened(string caseId, string type, string lead, string[] participating, string supervision, long version) =>
        new(Guid.NewGuid(), caseId, "N-" + caseId[..6], type, "REPORTED", lead, participating, [], supervision, At, At, version);

    private static CaseStageChanged StageChanged(string caseId, string type, string toStage, string lead, long version) =>
        new(Guid.NewGuid(), caseId, "N-" + caseId[..6], type, "TRIAL", toStage, lead, [], [], "NONE", [], null, "judge", At, At.AddDays(1), version);
}
