using Aspire.Hosting.Testing;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using OpenTelemetry;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.AppHost.Tests;

[Collection(SuiteUnderAppHost.Collection)]
public sealed class TraceAcrossTheSuiteTests(SuiteUnderAppHost suite, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task One_UpdateSite_through_the_gateway_is_one_trace_from_the_gateway_through_Sites_to_the_consumer_of_SiteUpdated()
    {
        using var probe = await ProbeHost.StartAsync(suite);
        // No traceparent from the test: its HttpClient would send an unsampled one (the probe's telemetry
        // runs in this process), and the suite rightly follows a caller's "do not sample".
        using var channel = GrpcChannel.ForAddress(suite.Gateway, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator() },
        });
        var sites = new SiteService.SiteServiceClient(channel);
        var caller = new Metadata { { "Authorization", $"Bearer {suite.NationalToken()}" } };

        Site updated;
        // The test's own client spans stay out of the dashboard: the trace starts at the gateway.
        using (SuppressInstrumentationScope.Begin())
        {
            var site = await sites.RegisterSiteAsync(new RegisterSiteRequest
            {
                RequestId = $"trace-{Guid.NewGuid():N}",
                Site = new Site
                {
                    Name = "秦始皇帝陵", ProvinceCode = "610000", County = "临潼区", Category = SiteCategory.AncientTomb,
                    ProtectionLevel = ProtectionLevel.National, Latitude = 34.3812, Longitude = 109.2541, CustodianUnit = "秦始皇帝陵博物院",
                    ResponsiblePerson = "李华", ResponsiblePhone = "029 8139 9001",
                    Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true },
                },
            }, caller, deadline: DateTime.UtcNow.AddSeconds(30));
            var change = site.Clone();
            change.Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true };
            updated = await sites.UpdateSiteAsync(new UpdateSiteRequest { Site = change, ExpectedVersion = site.Version },
                caller, deadline: DateTime.UtcNow.AddSeconds(30));
        }

        var consumedIn = await Eventually.ReturnsAsync(
            () => Task.FromResult(SiteUpdatedProbe.Traces.TryGetValue(updated.SiteId, out var id) ? id.ToHexString() : ""),
            id => id.Length > 0, Patience, "the probe consumed SiteUpdated");
        // The trace the gateway started, as Sites stored it with the event in its outbox.
        var traceId = await WrittenInTraceAsync(updated.SiteId);
        using var dashboard = new DashboardTelemetry(suite.Dashboard);
        // Each process exports on its own schedule: wait until every hop has arrived.
        Func<TraceSpan, bool>[] hops =
        [
            span => span.Service == "gateway" && span.ParentSpanId.Length == 0,
            span => span.Service == "sites" && span.Name.EndsWith("/UpdateSite", StringComparison.Ordinal),
            span => span.Service == "sites" && span.Name == "outbox relay SiteUpdated",
            span => span.Service == "sites" && span.Name.Contains("SiteUpdated send", StringComparison.Ordinal),
            span => span.Service == ProbeHost.ServiceName && span.Name.EndsWith(" receive", StringComparison.Ordinal),
        ];
        var trace = await Eventually.ReturnsAsync(() => dashboard.TraceAsync(traceId),
            found => hops.All(hop => found.Spans.Any(hop)), Patience,
            $"trace {traceId} from the gateway through Sites' relay to the probe (the probe consumed in trace {consumedIn})");

        output.WriteLine($"trace {traceId}, {trace.Spans.Count} spans; all healthy after {suite.TimeToHealthy.TotalSeconds:0.0} s");
        foreach (var span in trace.Spans)
        {
            output.WriteLine($"  {span.Service,-20} {span.Name}");
        }
        consumedIn.ShouldBe(traceId);
        // One root, the gateway's server span; every other span has its parent in the same trace.
        trace.Spans.Where(span => span.ParentSpanId.Length == 0).ShouldHaveSingleItem().Service.ShouldBe("gateway");
        var ids = trace.Spans.Select(span => span.SpanId).ToHashSet();
        trace.Spans.Where(span => span.ParentSpanId.Length > 0).ShouldAllBe(span => ids.Contains(span.ParentSpanId));
    }

    private async Task<string> WrittenInTraceAsync(string siteId)
    {
        var database = await suite.App.GetConnectionStringAsync("sites-db");
        await using var dataSource = NpgsqlDataSource.Create(database!);
        await using var command = dataSource.CreateCommand(
            "SELECT trace_parent FROM messaging.outbox WHERE partition_key = $1 AND message_type LIKE '%.SiteUpdated,%'");
        command.Parameters.Add(new NpgsqlParameter { Value = siteId });
        var traceParent = (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("SiteUpdated has no trace_parent");
        // "00-<trace id>-<span id>-<flags>"
        return traceParent.Split('-')[1];
    }
}
