using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelicSecurity.Grpc.Health.V1;
using Shouldly;
using ServingStatus = RelicSecurity.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RelicSecurity.Grpc.Tests;

public sealed class HealthTests : EchoServerTests
{
    private Health.V1.Health.HealthClient HealthClient => new(Channel);

    [Fact]
    public async Task Check_answers_SERVING_for_the_server_and_each_mapped_service()
    {
        (await HealthClient.CheckAsync(new HealthCheckRequest())).Status.ShouldBe(ServingStatus.Serving);
        (await HealthClient.CheckAsync(new HealthCheckRequest { Service = "relic.test.v1.EchoService" })).Status.ShouldBe(ServingStatus.Serving);
        (await HealthClient.CheckAsync(new HealthCheckRequest { Service = "grpc.health.v1.Health" })).Status.ShouldBe(ServingStatus.Serving);
    }

    [Fact]
    public async Task Check_of_an_unknown_service_is_NOT_FOUND()
    {
        var ex = await Should.ThrowAsync<RpcException>(() => HealthClient.CheckAsync(new HealthCheckRequest { Service = "nope.Service" }).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task Watch_streams_the_current_status_then_changes()
    {
        var status = Server.App.Services.GetRequiredService<GrpcHealthStatus>();
        using var watch = HealthClient.Watch(new HealthCheckRequest { Service = "relic.test.v1.EchoService" });
        (await watch.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        watch.ResponseStream.Current.Status.ShouldBe(ServingStatus.Serving);

        status.SetStatus("relic.test.v1.EchoService", ServingStatus.NotServing);
        (await watch.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        watch.ResponseStream.Current.Status.ShouldBe(ServingStatus.NotServing);
    }

    [Fact]
    public async Task Watch_of_an_unknown_service_says_SERVICE_UNKNOWN_and_keeps_watching()
    {
        var status = Server.App.Services.GetRequiredService<GrpcHealthStatus>();
        using var watch = HealthClient.Watch(new HealthCheckRequest { Service = "later.Service" });
        (await watch.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        watch.ResponseStream.Current.Status.ShouldBe(ServingStatus.ServiceUnknown);
        status.SetStatus("later.Service", ServingStatus.Serving);
        (await watch.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        watch.ResponseStream.Current.Status.ShouldBe(ServingStatus.Serving);
    }

    [Fact]
    public async Task Watch_reports_NOT_SERVING_when_the_server_shuts_down()
    {
        using var watch = HealthClient.Watch(new HealthCheckRequest());
        (await watch.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        watch.ResponseStream.Current.Status.ShouldBe(ServingStatus.Serving);

        var stopping = Server.App.StopAsync();
        (await watch.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        watch.ResponseStream.Current.Status.ShouldBe(ServingStatus.NotServing);
        // The stream ends so that it does not hold the shutdown up.
        (await watch.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeFalse();
        await stopping;
    }

    [Fact]
    public async Task Failing_health_checks_turn_the_mapped_service_NOT_SERVING()
    {
        var healthy = true;
        await using var server = await GrpcTestServer.StartAsync(
            configureBuilder: grpc => grpc.AddHealthChecksPublisher(o => o.Services["relic.test.v1.EchoService"] = e => e.Tags.Contains("db")),
            services: s =>
            {
                s.AddHealthChecks().AddCheck("database", () => healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("down"), tags: ["db"]);
                s.Configure<HealthCheckPublisherOptions>(o =>
                {
                    o.Delay = TimeSpan.Zero;
                    o.Period = TimeSpan.FromSeconds(1);
                });
            });
        using var channel = server.CreateChannel();
        var client = new Health.V1.Health.HealthClient(channel);
        using var watch = client.Watch(new HealthCheckRequest { Service = "relic.test.v1.EchoService" });
        (await watch.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        watch.ResponseStream.Current.Status.ShouldBe(ServingStatus.Serving);

        healthy = false;
        (await watch.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        watch.ResponseStream.Current.Status.ShouldBe(ServingStatus.NotServing);
        (await client.CheckAsync(new HealthCheckRequest())).Status.ShouldBe(ServingStatus.NotServing);
    }
}
