using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.Cases.Tests.Service;

[Collection("servers")]
public sealed class SitesDownTests(LocalServersFixture servers)
{
    [Fact]
    public async Task Opening_a_case_while_sites_is_down_is_unavailable_and_stores_no_case()
    {
        // A loopback port that was free a moment ago and has no listener: connections are refused.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            await using var host = await CasesServiceHost.StartAsync(servers, sitesAddress: $"http://127.0.0.1:{port}");
            var cases = host.Cases(TestTokens.National());

            var ex = await Should.ThrowAsync<RpcException>(cases.OpenCaseAsync(Samples.OpenCase(siteIds: Guid.NewGuid().ToString())).ResponseAsync);

            ex.StatusCode.ShouldBe(StatusCode.Unavailable);
            (await host.CountAsync("cases")).ShouldBe(0);
            (await host.CountAsync("case_number_counters")).ShouldBe(0);
            (await host.CountAsync("audit_entries WHERE outcome = 'UNAVAILABLE' AND method LIKE '%/OpenCase'")).ShouldBe(1);

            // Without site references Sites is not needed at all.
            (await cases.OpenCaseAsync(Samples.OpenCase())).CaseNumber.ShouldEndWith("-0001");
        }
    }
}
