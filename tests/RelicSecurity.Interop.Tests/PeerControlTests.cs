using Shouldly;
using RelicSecurity.Interop.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.Interop.Tests;

/// <summary>
/// Control group: the peers' checklists pass between grpcio and grpc-js, so a failing cell
/// against the suite points at the suite, not at the checklist or the peer servers.
/// </summary>
public sealed class PeerControlTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("python", "node")]
    [InlineData("node", "python")]
    public async Task A_peer_client_passes_its_checklist_against_the_other_peer_server(string client, string server)
    {
        await using var peer = await PeerProcess.StartServerAsync(server);
        var results = await PeerClientRun.ChecklistAsync(client, $"127.0.0.1:{peer.Port}");

        foreach (var result in results)
        {
            output.WriteLine($"{(result.Pass ? "pass" : "FAIL")} {client} client -> {server} server {result.Feature}: {result.Detail}");
        }

        results.ShouldSatisfyAllConditions(
            () => results.Count.ShouldBeGreaterThanOrEqualTo(16),
            () => results.Where(r => !r.Pass).Select(r => $"{r.Feature}: {r.Detail}").ShouldBeEmpty());
    }
}
