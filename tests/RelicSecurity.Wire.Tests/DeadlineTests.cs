using Grpc.Core;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Wire.Tests;

/// <summary>
/// A WatchSiteRisk stream never ends by itself, so only the deadline can end it: the caller hears
/// DEADLINE_EXCEEDED and the handler is gone, directly and through the gateway.
/// </summary>
[Collection("servers")]
public sealed class DeadlineTests(LocalServersFixture servers) : IAsyncLifetime
{
    private SuiteUnderTest _suite = null!;

    public async Task InitializeAsync() => _suite = await SuiteUnderTest.StartAsync(servers);

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task A_watch_ends_with_DEADLINE_EXCEEDED_at_its_deadline_and_its_handler_ends(Endpoint endpoint)
    {
        using var call = _suite.Client(endpoint).WatchSiteRisk(new WatchSiteRiskRequest { ProvinceCode = "620000" },
            deadline: DateTime.UtcNow.AddMilliseconds(1500));
        await call.ResponseHeadersAsync;
        _suite.OpenWatches.ShouldBe(1);

        var error = await Should.ThrowAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));

        error.StatusCode.ShouldBe(StatusCode.DeadlineExceeded);
        await Eventually.HoldsAsync(() => _suite.OpenWatches == 0, TimeSpan.FromSeconds(10), "the watch handler ended");
    }

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task The_server_enforces_a_grpc_timeout_its_caller_does_not_enforce_itself(Endpoint endpoint)
    {
        // A hand-made call that only sends grpc-timeout and waits without a timer of its own: the
        // answer can only be the server's (Sites', passed through by the gateway).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var watch = RawGrpc.Frame(new WatchSiteRiskRequest { ProvinceCode = "620000" });
        using var request = RawGrpc.Request(_suite.Address(endpoint), "/relic.sites.v1.SiteService/WatchSiteRisk", new ByteArrayContent(watch));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "800m");

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        RawGrpc.Header(response, "grpc-status").ShouldBe("4");
        await Eventually.HoldsAsync(() => _suite.OpenWatches == 0, TimeSpan.FromSeconds(10), "the watch handler ended");
    }
}
