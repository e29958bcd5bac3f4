using Grpc.Core;
using Grpc.Net.Client;
using RelicSecurity.Interop.Tests.Infrastructure;
using RelicSecurity.Interop.V1;
using Shouldly;
using Xunit;

namespace RelicSecurity.Interop.Tests;

/// <summary>
/// At the deadline the suite's client (Grpc.Net.Client) and the peer's DEADLINE_EXCEEDED race each other; the
/// caller must see DEADLINE_EXCEEDED whichever wins (found by the interop matrix against grpcio).
/// </summary>
public sealed class ClientDeadlineTests
{
    [Fact]
    public async Task Our_client_reports_DEADLINE_EXCEEDED_whichever_side_ends_the_call_first()
    {
        await using var peer = await PeerProcess.StartServerAsync("python");
        using var channel = GrpcChannel.ForAddress(peer.Address);
        var client = new InteropService.InteropServiceClient(channel);
        var codes = new List<StatusCode>();
        for (var i = 0; i < 40; i++)
        {
            var call = client.SlowAsync(new SlowRequest { Id = $"race-{i}", DelayMs = 5000 }, deadline: DateTime.UtcNow.AddMilliseconds(20 + (i % 10)));
            var error = await Should.ThrowAsync<RpcException>(async () => await call);
            codes.Add(error.StatusCode);
        }

        codes.ShouldAllBe(code => code == StatusCode.DeadlineExceeded);
    }
}
