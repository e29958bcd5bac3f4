using System.Net;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Sites.Tests.Service;

[Collection("servers")]
/// <summary>
/// The server side of a watch's end. Raw HTTP/2 on purpose: this checks that a stream reset by the
/// client (what grpcio, grpc-js and a cancelling HttpClient send) releases the subscription.
/// </summary>
public sealed class WatchLifetimeTests(LocalServersFixture servers)
{
    [Fact]
    public async Task A_watch_ends_on_the_server_when_the_client_resets_its_stream()
    {
        await using var host = await SitesServiceHost.StartAsync(servers);
        var hub = (RelicSecurity.Sites.Risk.RiskUpdateHub)host.Services.GetService(typeof(RelicSecurity.Sites.Risk.RiskUpdateHub))!;
        using var http = new HttpClient(new SocketsHttpHandler());
        var request = new HttpRequestMessage(HttpMethod.Post, host.Address + "/relic.sites.v1.SiteService/WatchSiteRisk")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + TestTokens.National());
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(200);
        hub.WatcherCount.ShouldBe(1);
        response.Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (hub.WatcherCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        hub.WatcherCount.ShouldBe(0);
    }
}
