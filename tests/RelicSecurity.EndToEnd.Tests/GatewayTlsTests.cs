using System.Net;
using System.Security.Authentication;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>
/// TLS at both hops, with certificates made in the test: callers reach the gateway over TLS (HTTP/2 chosen by
/// ALPN) when Kestrel is given a certificate, and the gateway reaches a service over TLS when the service's
/// address is https:// and its certificate is trusted (Tls:TrustedCertificatesPath).
/// </summary>
[Collection("servers")]
public sealed class GatewayTlsTests(LocalServersFixture servers)
{
    [Fact]
    public async Task A_grpc_client_calls_through_the_gateway_over_tls_with_http2_chosen_by_alpn()
    {
        using var certificate = TestCertificate.Create("gateway");
        await using var sites = await SuiteHosts.StartSitesAsync(servers);
        await using var gateway = await SuiteHosts.StartGatewayAsync(sites.Urls.Single(), settings: certificate.KestrelEndpoint());
        var address = gateway.Urls.Single();
        var versions = new ResponseVersions(certificate.TrustingHandler());
        using var trusting = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = versions });
        using var untrusting = GrpcChannel.ForAddress(address);

        var listed = await new SiteService.SiteServiceClient(trusting.WithToken(TestTokens.National()))
            .ListSitesAsync(new ListSitesRequest(), deadline: Deadline());
        var refused = await Should.ThrowAsync<RpcException>(() => new SiteService.SiteServiceClient(untrusting.WithToken(TestTokens.National()))
            .ListSitesAsync(new ListSitesRequest(), deadline: Deadline()).ResponseAsync);

        address.ShouldStartWith("https://127.0.0.1:");
        listed.ShouldNotBeNull();
        versions.Seen.ShouldNotBeEmpty();
        versions.Seen.ShouldAllBe(v => v == HttpVersion.Version20);
        // A client that does not trust the self-signed certificate cannot connect: the listener really is TLS.
        Causes(refused).ShouldContain(e => e is AuthenticationException);
    }

    [Fact]
    public async Task The_gateway_reaches_a_service_over_tls_when_it_trusts_the_services_certificate()
    {
        using var certificate = TestCertificate.Create("sites");
        await using var sites = await SuiteHosts.StartSitesAsync(servers, builder =>
        {
            foreach (var (key, value) in certificate.KestrelEndpoint())
            {
                builder.Configuration[key] = value;
            }
        });
        var sitesAddress = sites.Urls.Single();
        await using var trusting = await SuiteHosts.StartGatewayAsync(sitesAddress,
            settings: new Dictionary<string, string?> { [SuiteTls.TrustedCertificatesSetting] = certificate.CertificatePath });
        await using var untrusting = await SuiteHosts.StartGatewayAsync(sitesAddress);
        using var trustingChannel = GrpcChannel.ForAddress(trusting.Urls.Single());
        using var untrustingChannel = GrpcChannel.ForAddress(untrusting.Urls.Single());
        var client = new SiteService.SiteServiceClient(trustingChannel.WithToken(TestTokens.National()));

        var registered = await client.RegisterSiteAsync(new RegisterSiteRequest { Site = Site(), RequestId = "tls" }, deadline: Deadline());
        var read = await client.GetSiteAsync(new GetSiteRequest { SiteId = registered.SiteId }, deadline: Deadline());
        var health = await Eventually.ReturnsAsync(
            async () => (await new Health.HealthClient(trustingChannel).CheckAsync(
                new HealthCheckRequest { Service = SiteService.Descriptor.FullName }, deadline: Deadline())).Status,
            status => status == ServingStatus.Serving, TimeSpan.FromSeconds(20), "SiteService SERVING at the gateway over a TLS backend");
        var refused = await Should.ThrowAsync<RpcException>(() => new SiteService.SiteServiceClient(untrustingChannel.WithToken(TestTokens.National()))
            .GetSiteAsync(new GetSiteRequest { SiteId = registered.SiteId }, deadline: Deadline()).ResponseAsync);

        sitesAddress.ShouldStartWith("https://127.0.0.1:");
        read.ShouldBe(registered);
        health.ShouldBe(ServingStatus.Serving);
        // Without the trust setting the self-signed backend is refused: the hop really is TLS, and checked.
        refused.StatusCode.ShouldBe(StatusCode.Unavailable);
    }

    [Fact]
    public async Task A_service_calls_another_suite_service_over_tls_when_it_trusts_that_services_certificate()
    {
        using var certificate = TestCertificate.Create("sites-for-inspections");
        await using var sites = await SuiteHosts.StartSitesAsync(servers, builder =>
        {
            foreach (var (key, value) in certificate.KestrelEndpoint())
            {
                builder.Configuration[key] = value;
            }
        });
        var sitesAddress = sites.Urls.Single();
        await using var trusting = await SuiteHosts.StartInspectionsAsync(servers, sitesAddress,
            builder => builder.Configuration[SuiteTls.TrustedCertificatesSetting] = certificate.CertificatePath);
        await using var untrusting = await SuiteHosts.StartInspectionsAsync(servers, sitesAddress);
        using var toSites = GrpcChannel.ForAddress(sitesAddress, new GrpcChannelOptions { HttpHandler = certificate.TrustingHandler() });
        using var toTrusting = GrpcChannel.ForAddress(trusting.Urls.Single());
        using var toUntrusting = GrpcChannel.ForAddress(untrusting.Urls.Single());
        var site = await new SiteService.SiteServiceClient(toSites.WithToken(TestTokens.National()))
            .RegisterSiteAsync(new RegisterSiteRequest { Site = Site(), RequestId = "tls-s2s" }, deadline: Deadline());

        // Planning checks every site with Sites over gRPC, with the caller's token, over the TLS hop.
        var planned = await new InspectionService.InspectionServiceClient(toTrusting.WithToken(TestTokens.National()))
            .PlanInspectionAsync(Plan(site.SiteId, "trusting"), deadline: Deadline());
        var refused = await Should.ThrowAsync<RpcException>(() => new InspectionService.InspectionServiceClient(toUntrusting.WithToken(TestTokens.National()))
            .PlanInspectionAsync(Plan(site.SiteId, "untrusting"), deadline: Deadline()).ResponseAsync);

        sitesAddress.ShouldStartWith("https://127.0.0.1:");
        planned.SiteIds.ShouldBe([site.SiteId]);
        refused.StatusCode.ShouldBe(StatusCode.Unavailable, refused.Status.Detail);
    }

    private static PlanInspectionRequest Plan(string siteId, string requestId) => new()
    {
        Title = "TLS inspection", ProvinceCode = "330000", LeadDepartment = Agency.CulturalHeritage, SiteIds = { siteId },
        WindowStart = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
        WindowEnd = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow().AddDays(10)),
        RequestId = requestId,
    };

    private static IEnumerable<Exception> Causes(RpcException failure)
    {
        for (var cause = failure.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }

    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(20);

    private static Site Site() => new()
    {
        Name = "灵隐寺", ProvinceCode = "330000", County = "西湖区", Category = SiteCategory.AncientBuilding,
        ProtectionLevel = ProtectionLevel.Provincial, Latitude = 30.24, Longitude = 120.1,
        CustodianUnit = "文物保护管理所", ResponsiblePerson = "李文", ResponsiblePhone = "0571 0000 0000",
        Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
    };

    /// <summary>The HTTP version of every response the client got (2.0 over TLS means ALPN chose h2).</summary>
    private sealed class ResponseVersions(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Version> _seen = new();

        public IReadOnlyList<Version> Seen => [.. _seen];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            _seen.Enqueue(response.Version);
            return response;
        }
    }
}
