using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

public sealed class CallTypeTests : IAsyncLifetime
{
    private GrpcTestServer _server = null!;
    private GrpcChannel _channel = null!;
    private EchoService.EchoServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await GrpcTestServer.StartAsync();
        _channel = _server.CreateChannel();
        _client = new EchoService.EchoServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Unary_call_returns_the_reply_and_OK_status()
    {
        using var call = _client.EchoAsync(new EchoRequest { Text = "hello" });
        var reply = await call;
        reply.Text.ShouldBe("hello");
        call.GetStatus().StatusCode.ShouldBe(StatusCode.OK);
    }

    [Fact]
    public async Task Unary_call_carries_non_ascii_text_in_messages()
    {
        var reply = await _client.EchoAsync(new EchoRequest { Text = "秦陵兵马俑 – Ünïcødé ✓" });
        reply.Text.ShouldBe("秦陵兵马俑 – Ünïcødé ✓");
    }

    [Fact]
    public async Task Empty_message_round_trips()
    {
        var reply = await _client.EchoAsync(new EchoRequest());
        reply.Text.ShouldBeEmpty();
    }

    [Fact]
    public async Task Server_streaming_delivers_every_message_in_order()
    {
        using var call = _client.Count(new EchoRequest { Text = "n", Count = 25 });
        var indexes = new List<int>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(reply.Index);
        }

        indexes.ShouldBe(Enumerable.Range(0, 25));
        call.GetStatus().StatusCode.ShouldBe(StatusCode.OK);
    }

    [Fact]
    public async Task Server_streaming_with_no_messages_ends_cleanly()
    {
        using var call = _client.Count(new EchoRequest { Count = 0 });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeFalse();
        call.GetStatus().StatusCode.ShouldBe(StatusCode.OK);
    }

    [Fact]
    public async Task Client_streaming_collects_all_requests()
    {
        using var call = _client.Collect();
        foreach (var text in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = text });
        }

        await call.RequestStream.CompleteAsync();
        var reply = await call;
        reply.Text.ShouldBe("a,b,c");
        reply.Index.ShouldBe(3);
    }

    [Fact]
    public async Task Bidirectional_streaming_answers_each_request_as_it_arrives()
    {
        using var call = _client.Chat();
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "m" + i });
            (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
            call.ResponseStream.Current.Text.ShouldBe("m" + i);
            call.ResponseStream.Current.Index.ShouldBe(i);
        }

        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeFalse();
        call.GetStatus().StatusCode.ShouldBe(StatusCode.OK);
    }

    [Fact]
    public async Task Method_not_overridden_answers_UNIMPLEMENTED()
    {
        var ex = await Should.ThrowAsync<RpcException>(() => _client.UnimplementedAsync(new EchoRequest()).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.Unimplemented);
        ex.Status.Detail.ShouldContain("Unimplemented");
    }
}
