using System.Net;
using System.Net.Sockets;
using RelicSecurity.Contracts.Sites.V1;
using Grpc.Core;
using Grpc.Net.Client;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>SiteService called through the gateway (YARP, h2c) as external systems call it.</summary>
[Collection("servers")]
public sealed class GatewaySitesTests(LocalServersFixture servers)
{
    [Fact]
    public async Task A_risk_watch_through_the_gateway_sees_the_score_rise_when_facilities_are_removed()
    {
        await using var sitesApp = await SuiteHosts.StartSitesAsync(servers);
        await using var gateway = await SuiteHosts.StartGatewayAsync(sitesApp.Urls.Single());
        using var channel = GrpcChannel.ForAddress(gateway.Urls.Single());
        var sites = new SiteService.SiteServiceClient(channel.WithToken(TestTokens.National()));

        var site = await sites.RegisterSiteAsync(new RegisterSiteRequest
        {
            RequestId = "e2e-1",
            Site = new Site
            {
                Name = "莫高窟", ProvinceCode = "620000", County = "敦煌市", Category = SiteCategory.CaveTempleAndStoneCarving,
                ProtectionLevel = ProtectionLevel.National, Latitude = 40.0415, Longitude = 94.8040, CustodianUnit = "敦煌研究院",
                ResponsiblePerson = "赵明", ResponsiblePhone = "0937 886 9000",
                Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
            },
        });
        site.RiskScore.ShouldBe(0);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = sites.WatchSiteRisk(new WatchSiteRiskRequest { ProvinceCode = "620000" }, cancellationToken: cancel.Token);
        // The stream is open (headers through the gateway) before any change has happened.
        await watch.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(10), cancel.Token);
        var next = watch.ResponseStream.MoveNext(cancel.Token);
        await SuiteHosts.WaitForWatchersAsync(sitesApp, 1, cancel.Token);

        var change = site.Clone();
        change.Facilities = new SecurityFacilities { FireProtection = true };
        var updated = await sites.UpdateSiteAsync(new UpdateSiteRequest { Site = change, ExpectedVersion = site.Version });

        (await next).ShouldBeTrue();
        var update = watch.ResponseStream.Current;
        update.SiteId.ShouldBe(site.SiteId);
        update.OldScore.ShouldBe(0);
        update.RiskScore.ShouldBe(3);
        update.NewLevel.ShouldBe(RiskLevel.Medium);
        updated.RiskScore.ShouldBe(3);
    }

    [Fact]
    public async Task Errors_of_the_service_pass_through_the_gateway_with_their_status()
    {
        await using var sitesApp = await SuiteHosts.StartSitesAsync(servers);
        await using var gateway = await SuiteHosts.StartGatewayAsync(sitesApp.Urls.Single());
        using var channel = GrpcChannel.ForAddress(gateway.Urls.Single());
        var sites = new SiteService.SiteServiceClient(channel.WithToken(TestTokens.National()));

        var notFound = await Should.ThrowAsync<RpcException>(() => sites.GetSiteAsync(new GetSiteRequest { SiteId = Guid.NewGuid().ToString() }).ResponseAsync);
        var invalid = await Should.ThrowAsync<RpcException>(() => sites.ListSitesAsync(new ListSitesRequest { PageSize = 501 }).ResponseAsync);

        notFound.StatusCode.ShouldBe(StatusCode.NotFound);
        invalid.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        invalid.Status.Detail.ShouldContain("page_size");
    }

    [Fact]
    public async Task A_backend_that_is_down_is_answered_as_unavailable_not_as_http_502()
    {
        await using var gateway = await SuiteHosts.StartGatewayAsync($"http://127.0.0.1:{ClosedPort()}");
        using var channel = GrpcChannel.ForAddress(gateway.Urls.Single());
        var sites = new SiteService.SiteServiceClient(channel.WithToken(TestTokens.National()));

        var error = await Should.ThrowAsync<RpcException>(() => sites.GetSiteAsync(new GetSiteRequest { SiteId = Guid.NewGuid().ToString() }).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.Unavailable);
        error.Status.Detail.ShouldContain("backend 'sites' is unavailable");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
