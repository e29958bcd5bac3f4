using Grpc.Core;
using Grpc.Net.Client;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.ServiceDefaults.Grpc;
using RelicSecurity.ServiceDefaults.Security;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.EndToEnd.Tests;

/// <summary>The gateway's per-caller limits: one caller over its limit is refused while another is still served.</summary>
[Collection("servers")]
public sealed class GatewayLimitsTests(LocalServersFixture servers)
{
    [Fact]
    public async Task A_caller_over_its_rate_limit_gets_resource_exhausted_with_a_retry_hint_while_another_is_served()
    {
        await using var sites = await SuiteHosts.StartSitesAsync(servers);
        // A bucket of 3 calls refilled by 1 a minute: the 4th call within the test is over the limit.
        await using var gateway = await SuiteHosts.StartGatewayAsync(sites.Urls.Single(), settings: new Dictionary<string, string?>
        {
            ["Gateway:Limits:Burst"] = "3",
            ["Gateway:Limits:RequestsPerSecond"] = "1",
            ["Gateway:Limits:ConcurrentCalls"] = "100",
        });
        using var channel = GrpcChannel.ForAddress(gateway.Urls.Single());
        var busy = new SiteService.SiteServiceClient(channel.WithToken(Token("busy-integrator")));
        var other = new SiteService.SiteServiceClient(channel.WithToken(Token("other-integrator")));

        RpcException? refused = null;
        var answered = 0;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            try
            {
                await busy.ListSitesAsync(new ListSitesRequest());
                answered++;
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        var stillServed = await other.ListSitesAsync(new ListSitesRequest());

        answered.ShouldBeGreaterThanOrEqualTo(3);
        refused.ShouldNotBeNull();
        refused.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
        int.Parse(refused.Trailers.GetValue("grpc-retry-pushback-ms")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        stillServed.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_client_with_the_rate_limited_retry_waits_the_pushback_and_is_served_where_a_plain_client_is_refused()
    {
        await using var sites = await SuiteHosts.StartSitesAsync(servers);
        // One call in the bucket, refilled by 2 a second: the second call in a row is over the limit.
        await using var gateway = await SuiteHosts.StartGatewayAsync(sites.Urls.Single(), settings: new Dictionary<string, string?>
        {
            ["Gateway:Limits:Burst"] = "1",
            ["Gateway:Limits:RequestsPerSecond"] = "2",
            ["Gateway:Limits:ConcurrentCalls"] = "100",
        });
        using var plainChannel = GrpcChannel.ForAddress(gateway.Urls.Single());
        using var retryingChannel = GrpcChannel.ForAddress(gateway.Urls.Single(), new GrpcChannelOptions { ServiceConfig = RateLimitedRetry.ServiceConfig() });
        var plain = new SiteService.SiteServiceClient(plainChannel.WithToken(Token("plain-integrator")));
        var retrying = new SiteService.SiteServiceClient(retryingChannel.WithToken(Token("polite-integrator")));

        await plain.ListSitesAsync(new ListSitesRequest());
        var refused = await Should.ThrowAsync<RpcException>(() => plain.ListSitesAsync(new ListSitesRequest()).ResponseAsync);
        var answers = new List<ListSitesResponse>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await retrying.ListSitesAsync(new ListSitesRequest()));
        }

        refused.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
        answers.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_caller_at_its_cap_of_open_calls_is_refused_a_further_one_while_another_is_served()
    {
        await using var sites = await SuiteHosts.StartSitesAsync(servers);
        await using var gateway = await SuiteHosts.StartGatewayAsync(sites.Urls.Single(), settings: new Dictionary<string, string?>
        {
            ["Gateway:Limits:ConcurrentCalls"] = "2",
        });
        using var channel = GrpcChannel.ForAddress(gateway.Urls.Single());
        var watcher = new SiteService.SiteServiceClient(channel.WithToken(Token("watcher")));
        var other = new SiteService.SiteServiceClient(channel.WithToken(Token("someone-else")));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var first = watcher.WatchSiteRisk(new WatchSiteRiskRequest(), cancellationToken: cancel.Token);
        using var second = watcher.WatchSiteRisk(new WatchSiteRiskRequest(), cancellationToken: cancel.Token);
        await first.ResponseHeadersAsync;
        await second.ResponseHeadersAsync;

        var third = await Should.ThrowAsync<RpcException>(() => watcher.ListSitesAsync(new ListSitesRequest()).ResponseAsync);
        var served = await other.ListSitesAsync(new ListSitesRequest());
        await cancel.CancelAsync();

        third.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
        third.Trailers.GetValue("grpc-retry-pushback-ms").ShouldNotBeNull();
        served.ShouldNotBeNull();
    }

    private static string Token(string subject) =>
        TestTokens.Issue(new SuiteTokenClaims(subject, SuiteRoles.Integration, null, [SuiteScopes.SitesRead]));
}
