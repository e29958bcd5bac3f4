using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using RelicSecurity.Contracts.Inspections.V1;
using ProvinceReach = RelicSecurity.Inspections.Domain.ProvinceReach;
using DomainOrder = RelicSecurity.Inspections.Domain.RectificationOrder;
using DomainState = RelicSecurity.Inspections.Domain.RectificationState;
using InspectionsDatabase = RelicSecurity.Inspections.Persistence.InspectionsDatabase;
using RectificationFilter = RelicSecurity.Inspections.Validation.RectificationFilter;
using RectificationRepository = RelicSecurity.Inspections.Persistence.RectificationRepository;
using Rows = RelicSecurity.Inspections.Persistence.Rows;
using RelicSecurity.Inspections.Tests.Persistence;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Inspections.Tests.Service;

[Collection("servers")]
public sealed class OverdueDetectionTests(LocalServersFixture servers)
{
    private const string Shaanxi = "610000";

    private static readonly Dictionary<string, string?> QuickScan = new() { ["Inspections:OverdueScan:Interval"] = "00:00:01" };

    [Fact]
    public async Task On_the_real_clock_two_instances_mark_an_order_overdue_within_a_minute_and_publish_it_once()
    {
        await using var probe = await OverdueProbe.StartAsync(servers);
        await using var suite = await SuiteUnderTest.StartAsync(servers, instances: 2, settings: QuickScan);
        var client = suite.Inspections(TestTokens.National());
        var finding = await FindingAsync(suite, client);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(3);
        var order = await client.IssueRectificationAsync(Requests.Order(finding.FindingId, deadline));

        var overdue = await Eventually.ReturnsAsync(
            () => client.ListRectificationsAsync(new ListRectificationsRequest { State = Contracts.Inspections.V1.RectificationState.Overdue }).ResponseAsync,
            page => page.Rectifications.Count == 1, TimeSpan.FromSeconds(60), "the order is OVERDUE");
        var marked = overdue.Rectifications[0];
        marked.OrderId.ShouldBe(order.OrderId);
        (marked.OverdueAt.ToDateTimeOffset() - marked.Deadline.ToDateTimeOffset()).ShouldBeInRange(TimeSpan.Zero, TimeSpan.FromMinutes(1));

        // Published: the probe received it. Then both instances scan at least twice more, so a second
        // announcement would have been written by now if either could make one.
        await Eventually.HoldsAsync(() => probe.Received.Of(order.OrderId).Count >= 1, TimeSpan.FromSeconds(30), "the probe receives the event");
        var passes = new[] { suite.Watcher(0).Passes, suite.Watcher(1).Passes };
        await Eventually.HoldsAsync(() => suite.Watcher(0).Passes >= passes[0] + 2 && suite.Watcher(1).Passes >= passes[1] + 2,
            TimeSpan.FromSeconds(30), "both instances scanned again");
        (await StoreUnderTest.OutboxCountAsync(suite.InspectionsDatabase, "RectificationOverdue", order.OrderId)).ShouldBe(1);
        await Eventually.HoldsAsync(async () => await UnsentAsync(suite) == 0, TimeSpan.FromSeconds(30), "the outbox is drained");
        probe.Received.DistinctMessagesOf(order.OrderId).ShouldBe(1);
        var received = probe.Received.Of(order.OrderId)[0];
        received.FindingId.ShouldBe(finding.FindingId);
        received.SiteId.ShouldBe(finding.SiteId);
        received.ProvinceCode.ShouldBe(Shaanxi);
        received.Severity.ShouldBe("HIGH");
    }

    [Fact]
    public async Task On_a_fake_clock_an_order_is_overdue_once_the_clock_passes_its_deadline_and_not_before()
    {
        var clock = ServiceClock();
        await using var suite = await SuiteUnderTest.StartAsync(servers, instances: 2, clock);
        var client = suite.Inspections(TestTokens.National());
        var finding = await FindingAsync(suite, client);
        var order = await client.IssueRectificationAsync(Requests.Order(finding.FindingId, clock.GetUtcNow().AddHours(2)));
        await using var store = new StoreReader(suite.InspectionsDatabase);

        // One interval (30 s by default) short of the deadline: both instances scan, the order stays OPEN.
        var before = new[] { suite.Watcher(0).Passes, suite.Watcher(1).Passes };
        clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => suite.Watcher(0).Passes > before[0] && suite.Watcher(1).Passes > before[1], TimeSpan.FromSeconds(30),
            "both instances scanned before the deadline");
        (await store.StateAsync(order.OrderId)).ShouldBe(DomainState.Open);

        // The next tick after the deadline marks it: at most one interval late on the instances' clock.
        clock.Advance(TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(async () => await store.StateAsync(order.OrderId) == DomainState.Overdue, TimeSpan.FromSeconds(30),
            "the order is OVERDUE");
        var stored = await store.OrderAsync(order.OrderId);
        (stored.OverdueAt!.Value - stored.Deadline).ShouldBeInRange(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        before = [suite.Watcher(0).Passes, suite.Watcher(1).Passes];
        clock.Advance(TimeSpan.FromMinutes(5));
        await Eventually.HoldsAsync(() => suite.Watcher(0).Passes > before[0] && suite.Watcher(1).Passes > before[1], TimeSpan.FromSeconds(30),
            "both instances scanned after the mark");
        (await StoreUnderTest.OutboxCountAsync(suite.InspectionsDatabase, "RectificationOverdue", order.OrderId)).ShouldBe(1);
    }

    [Fact]
    public async Task Instances_that_were_down_past_many_deadlines_catch_up_at_start_and_announce_each_order_once()
    {
        var clock = ServiceClock();
        await using var suite = await SuiteUnderTest.StartAsync(servers, instances: 2, clock);
        var client = suite.Inspections(TestTokens.National());
        var orders = new List<RectificationOrder>();
        for (var i = 0; i < 12; i++)
        {
            var finding = await FindingAsync(suite, client);
            orders.Add(await client.IssueRectificationAsync(Requests.Order(finding.FindingId, clock.GetUtcNow().AddHours(1 + (i * 3)))));
        }

        var open = await FindingAsync(suite, client);
        var notYetDue = await client.IssueRectificationAsync(Requests.Order(open.FindingId, clock.GetUtcNow().AddDays(10)));
        await suite.StopInstancesAsync();

        // The whole service is down for three days: every deadline but one passes meanwhile.
        clock.Advance(TimeSpan.FromDays(3));
        await suite.StartInstanceAsync(clock);
        await suite.StartInstanceAsync(clock);

        await using var store = new StoreReader(suite.InspectionsDatabase);
        await Eventually.HoldsAsync(async () => (await store.CountAsync(DomainState.Overdue)) == orders.Count, TimeSpan.FromSeconds(30),
            "every order past its deadline is OVERDUE");
        await Eventually.HoldsAsync(() => suite.Watcher(0).Passes >= 1 && suite.Watcher(1).Passes >= 1, TimeSpan.FromSeconds(30),
            "both restarted instances scanned");
        foreach (var order in orders)
        {
            var stored = await store.OrderAsync(order.OrderId);
            stored.State.ShouldBe(DomainState.Overdue);
            stored.OverdueAt.ShouldBe(Rows.Stored(clock.GetUtcNow()));
            (await StoreUnderTest.OutboxCountAsync(suite.InspectionsDatabase, "RectificationOverdue", order.OrderId)).ShouldBe(1);
        }

        (await store.StateAsync(notYetDue.OrderId)).ShouldBe(DomainState.Open);
        (await StoreUnderTest.OutboxCountAsync(suite.InspectionsDatabase, "RectificationOverdue")).ShouldBe(orders.Count);
    }

    [Fact]
    public async Task A_scan_interval_that_could_not_keep_the_minute_stops_the_instance_from_starting()
    {
        await using var suite = await SuiteUnderTest.StartAsync(servers, instances: 0);
        var failure = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            suite.StartInstanceAsync(settings: new Dictionary<string, string?> { ["Inspections:OverdueScan:Interval"] = "00:02:00" }));
        failure.Message.ShouldContain("Interval");
    }

    /// <summary>
    /// A fake clock half an hour ahead of the real one: outgoing calls take their deadlines from the service's
    /// clock, and a fake clock that stood still would soon put them in the real past.
    /// </summary>
    private static FakeTimeProvider ServiceClock() => new(DateTimeOffset.UtcNow.AddMinutes(30));

    private static async Task<Finding> FindingAsync(SuiteUnderTest suite, InspectionService.InspectionServiceClient client)
    {
        var site = await suite.RegisterSiteAsync(Shaanxi);
        var planned = await client.PlanInspectionAsync(Requests.Plan(Shaanxi, site));
        await client.StartInspectionAsync(new StartInspectionRequest { InspectionId = planned.InspectionId });
        return await client.RecordFindingAsync(Requests.Finding(planned.InspectionId, site));
    }

    private static async Task<long> UnsentAsync(SuiteUnderTest suite)
    {
        await using var connection = new Npgsql.NpgsqlConnection(suite.InspectionsDatabase);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Reads orders straight from the database: after the fake clock moved, tokens may look expired to the service.</summary>
    private sealed class StoreReader(string connectionString) : IAsyncDisposable
    {
        private readonly InspectionsDatabase _database = InspectionsDatabase.Create(connectionString);

        public async Task<DomainOrder> OrderAsync(string orderId) =>
            await new RectificationRepository(_database).GetAsync(Guid.Parse(orderId), ProvinceReach.Everywhere, default);

        public async Task<DomainState> StateAsync(string orderId) => (await OrderAsync(orderId)).State;

        public async Task<int> CountAsync(DomainState state) =>
            (await new RectificationRepository(_database).ListAsync(
                new RectificationFilter(null, state, null, 500, null), ProvinceReach.Everywhere, default)).TotalSize;

        public ValueTask DisposeAsync() => _database.DisposeAsync();
    }
}
