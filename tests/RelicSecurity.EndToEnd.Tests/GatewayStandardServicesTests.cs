using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>What grpcurl and Postman see at the gateway: health of the forwarded services and reflection listing them.</summary>
[Collection("servers")]
public sealed class GatewayStandardServicesTests(LocalServersFixture servers)
{
    [Fact]
    public async Task Reflection_at_the_gateway_lists_and_describes_the_forwarded_site_service()
    {
        await using var sitesApp = await SuiteHosts.StartSitesAsync(servers);
        await using var gateway = await SuiteHosts.StartGatewayAsync(sitesApp.Urls.Single());
        using var channel = GrpcChannel.ForAddress(gateway.Urls.Single());
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "relic.sites.v1.SiteService" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes)).ToList();
        await call.RequestStream.CompleteAsync();

        names.ShouldContain("relic.sites.v1.SiteService");
        names.ShouldContain("grpc.health.v1.Health");
        names.ShouldContain("grpc.reflection.v1.ServerReflection");
        var sites = files.Single(f => f.Package == "relic.sites.v1");
        sites.Service.Single().Method.Select(m => m.Name).ShouldContain("WatchSiteRisk");
        files.ShouldContain(f => f.Name == "google/protobuf/timestamp.proto");
    }

    [Fact]
    public async Task Health_at_the_gateway_follows_the_site_service_backend()
    {
        await using var sitesApp = await SuiteHosts.StartSitesAsync(servers);
        await using var gateway = await SuiteHosts.StartGatewayAsync(sitesApp.Urls.Single());
        using var channel = GrpcChannel.ForAddress(gateway.Urls.Single());
        var health = new Health.HealthClient(channel);

        var serving = await WaitForAsync(health, ServingStatus.Serving);
        await sitesApp.StopAsync();
        var down = await WaitForAsync(health, ServingStatus.NotServing);

        serving.ShouldBe(ServingStatus.Serving);
        down.ShouldBe(ServingStatus.NotServing);
        (await health.CheckAsync(new HealthCheckRequest())).Status.ShouldBe(ServingStatus.Serving);
    }

    private static async Task<ServingStatus> WaitForAsync(Health.HealthClient health, ServingStatus wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var status = ServingStatus.Unknown;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                status = (await health.CheckAsync(new HealthCheckRequest { Service = "relic.sites.v1.SiteService" })).Status;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                status = ServingStatus.ServiceUnknown;
            }

            if (status == wanted)
            {
                break;
            }

            await Task.Delay(100);
        }

        return status;
    }
}
