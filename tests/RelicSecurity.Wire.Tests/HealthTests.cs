using Grpc.Core;
using Grpc.Health.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RelicSecurity.Wire.Tests;

/// <summary>grpc.health.v1 of a suite service: per-service answers, and NOT_SERVING once shutdown begins.</summary>
[Collection("servers")]
public sealed class HealthTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const string SiteService = "relic.sites.v1.SiteService";

    private SuiteUnderTest _suite = null!;

    public async Task InitializeAsync() => _suite = await SuiteUnderTest.StartAsync(servers);

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task Check_answers_SERVING_for_the_server_and_the_site_service_and_NOT_FOUND_for_an_unknown_one()
    {
        var health = new Health.HealthClient(_suite.Channel(Endpoint.Sites));

        var server = await health.CheckAsync(new HealthCheckRequest(), deadline: Soon());
        var sites = await health.CheckAsync(new HealthCheckRequest { Service = SiteService }, deadline: Soon());
        var unknown = await Should.ThrowAsync<RpcException>(async () =>
            await health.CheckAsync(new HealthCheckRequest { Service = "relic.nothing.v1.Nothing" }, deadline: Soon()));

        server.Status.ShouldBe(ServingStatus.Serving);
        sites.Status.ShouldBe(ServingStatus.Serving);
        unknown.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Theory]
    [InlineData("")]
    [InlineData(SiteService)]
    public async Task Watch_turns_NOT_SERVING_once_the_service_begins_to_shut_down(string service)
    {
        var health = new Health.HealthClient(_suite.Channel(Endpoint.Sites));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = health.Watch(new HealthCheckRequest { Service = service }, cancellationToken: cancel.Token);
        var seen = new List<ServingStatus>();
        await foreach (var update in watch.ResponseStream.ReadAllAsync(cancel.Token))
        {
            seen.Add(update.Status);
            if (update.Status == ServingStatus.Serving)
            {
                break;
            }
        }

        var stopping = _suite.Sites.StopAsync(CancellationToken.None);
        try
        {
            while (await watch.ResponseStream.MoveNext(cancel.Token))
            {
                seen.Add(watch.ResponseStream.Current.Status);
                if (watch.ResponseStream.Current.Status == ServingStatus.NotServing)
                {
                    break;
                }
            }
        }
        catch (RpcException)
        {
            // The stream may end once the server is down; what it said before is what counts.
        }

        await stopping;
        seen.ShouldContain(ServingStatus.Serving);
        seen.Last().ShouldBe(ServingStatus.NotServing, string.Join(", ", seen));
    }

    private static DateTime Soon() => DateTime.UtcNow.AddSeconds(30);
}
