using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Grpc;
using RelicSecurity.Grpc.Health.V1;
using RelicSecurity.Grpc.Reflection.V1;
using RelicSecurity.LocalInfrastructure;
using Shouldly;
using Xunit;
using ServingStatus = RelicSecurity.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>The suite as the README starts it: app host, private servers, services, gateway on its public port.</summary>
public sealed class AppHostSuiteTests
{
    [Fact]
    public async Task The_started_suite_serves_sites_health_reflection_and_live_risk_at_the_gateway()
    {
        var directory = await ThrowawayRuns.CreateAsync("e2e-apphost");
        try
        {
            await using var suite = AppHostRun.Start(directory);
            var gateway = await suite.GatewayAsync(TimeSpan.FromSeconds(240));
            using var channel = GrpcChannel.ForAddress(gateway);
            var sites = new SiteService.SiteServiceClient(channel);

            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
            health.Status.ShouldBe(ServingStatus.Serving);

            using (var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo())
            {
                await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
                (await reflection.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
                reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ShouldContain("relic.sites.v1.SiteService");
                await reflection.RequestStream.CompleteAsync();
            }

            var site = await sites.RegisterSiteAsync(new RegisterSiteRequest
            {
                RequestId = "apphost-e2e",
                Site = new Site
                {
                    Name = "龙门石窟", ProvinceCode = "410000", County = "洛阳市", Category = SiteCategory.CaveTempleAndStoneCarving,
                    ProtectionLevel = ProtectionLevel.National, Latitude = 34.556, Longitude = 112.470, CustodianUnit = "龙门石窟研究院",
                    ResponsiblePerson = "周强", ResponsiblePhone = "0379 6598 1300",
                    Facilities = new SecurityFacilities { IntrusionAlarm = true, Cctv = true, NightPatrol = true, FireProtection = true },
                },
            });

            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var watch = sites.WatchSiteRisk(new WatchSiteRiskRequest { ProvinceCode = "410000" }, cancellationToken: cancel.Token);
            var next = watch.ResponseStream.MoveNext(cancel.Token);

            // The subscription has to reach the service through the gateway before the change; keep
            // changing until the watcher reports (each change raises the score further).
            var facilities = new[]
            {
                new SecurityFacilities { Cctv = true, NightPatrol = true, FireProtection = true },
                new SecurityFacilities { NightPatrol = true, FireProtection = true },
                new SecurityFacilities { FireProtection = true },
                new SecurityFacilities(),
            };
            var current = site;
            foreach (var step in facilities)
            {
                await Task.Delay(500, cancel.Token);
                var change = current.Clone();
                change.Facilities = step;
                current = await sites.UpdateSiteAsync(new UpdateSiteRequest { Site = change, ExpectedVersion = current.Version });
                if (next.IsCompleted)
                {
                    break;
                }
            }

            (await next).ShouldBeTrue();
            var update = watch.ResponseStream.Current;
            update.SiteId.ShouldBe(site.SiteId);
            update.RiskScore.ShouldBeGreaterThan(update.OldScore);
        }
        finally
        {
            ThrowawayRuns.Delete(directory);
        }
    }
}
