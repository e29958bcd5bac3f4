using Google.Protobuf;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

public sealed class LimitsTests : EchoServerTests
{
    private static readonly ByteString FiveMiB = ByteString.CopyFrom(new byte[5 * 1024 * 1024]);

    [Fact]
    public async Task A_5_MiB_request_is_RESOURCE_EXHAUSTED_and_the_server_keeps_answering()
    {
        var ex = await Should.ThrowAsync<RpcException>(() => Client.EchoAsync(new EchoRequest { Payload = FiveMiB }).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
        (await Client.EchoAsync(new EchoRequest { Text = "after" })).Text.ShouldBe("after");
    }

    [Fact]
    public async Task A_5_MiB_response_is_RESOURCE_EXHAUSTED_at_the_server_send_limit()
    {
        var ex = await Should.ThrowAsync<RpcException>(() => Client.EchoAsync(new EchoRequest { ReplySize = 5 * 1024 * 1024 }).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Per_service_limits_override_the_server_defaults()
    {
        await using var server = await GrpcTestServer.StartAsync(configureBuilder: b => b.AddServiceOptions<TestEchoService>(o =>
        {
            o.MaxReceiveMessageSize = 8 * 1024 * 1024;
            o.MaxSendMessageSize = 8 * 1024 * 1024;
        }));
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 8 * 1024 * 1024 });
        var reply = await new EchoService.EchoServiceClient(channel).EchoAsync(new EchoRequest { Payload = FiveMiB });
        reply.Payload.Length.ShouldBe(FiveMiB.Length);
    }

    [Fact]
    public async Task Client_refuses_responses_over_its_receive_limit()
    {
        using var channel = Server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });
        var ex = await Should.ThrowAsync<RpcException>(() => new EchoService.EchoServiceClient(channel).EchoAsync(new EchoRequest { ReplySize = 4096 }).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Client_send_limit_fails_locally()
    {
        using var channel = Server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1024 });
        var ex = await Should.ThrowAsync<RpcException>(() => new EchoService.EchoServiceClient(channel).EchoAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[4096]) }).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.ResourceExhausted);
    }
}
