using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

/// <summary>
/// Ending a client call early resets its HTTP/2 stream: the server handler's token fires promptly instead of
/// the handler running on until the connection closes.
/// </summary>
public sealed class ClientCancellationTests : EchoServerTests
{
    // Generous for a loaded machine, far below "until the connection closes" (the channel stays open).
    private static readonly TimeSpan HandlerEndBudget = TimeSpan.FromSeconds(5);

    protected override Task<GrpcTestServer> StartServerAsync() =>
        GrpcTestServer.StartAsync(services: s => s.AddSingleton<ActiveCalls>());

    private ActiveCalls Active => Server.App.Services.GetRequiredService<ActiveCalls>();

    [Fact]
    public async Task Disposing_an_open_server_stream_ends_the_server_handler()
    {
        var call = Client.Count(new EchoRequest { Count = 1_000_000, DelayMs = 20 });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        Active.Count.ShouldBe(1);

        call.Dispose();

        (await HandlersEndAsync()).ShouldBeTrue("the server handler kept running after the call was disposed");
        call.GetStatus().StatusCode.ShouldBe(StatusCode.Cancelled);
    }

    [Fact]
    public async Task Cancelling_the_token_of_an_open_server_stream_ends_the_server_handler_and_reports_CANCELLED()
    {
        using var cts = new CancellationTokenSource();
        using var call = Client.Count(new EchoRequest { Count = 1_000_000, DelayMs = 20 }, cancellationToken: cts.Token);
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        Active.Count.ShouldBe(1);

        // Nobody reads after cancelling: the reset must not depend on a pending read noticing.
        await cts.CancelAsync();

        (await HandlersEndAsync()).ShouldBeTrue("the server handler kept running after the call's token was cancelled");
        var ex = await Should.ThrowAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        ex.StatusCode.ShouldBe(StatusCode.Cancelled);
    }

    [Fact]
    public async Task Disposing_the_channel_ends_the_server_handlers_of_its_open_calls()
    {
        using var channel = Server.CreateChannel();
        var client = new EchoService.EchoServiceClient(channel);
        using var call = client.Count(new EchoRequest { Count = 1_000_000, DelayMs = 20 });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        Active.Count.ShouldBe(1);

        channel.Dispose();

        (await HandlersEndAsync()).ShouldBeTrue("the server handler kept running after the channel was disposed");
        var ex = await Should.ThrowAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        ex.StatusCode.ShouldBe(StatusCode.Cancelled);
    }

    [Fact]
    public async Task Response_headers_of_a_server_stream_honour_the_call_cancellation_token()
    {
        using var cts = new CancellationTokenSource();
        // The handler waits before its first write, so no response headers come until the call is cancelled.
        using var call = Client.Count(new EchoRequest { Count = 1, DelayMs = 600_000 }, cancellationToken: cts.Token);
        var headers = call.ResponseHeadersAsync;
        await Task.Delay(100);
        await cts.CancelAsync();

        var ex = await Should.ThrowAsync<RpcException>(() => headers.WaitAsync(HandlerEndBudget));
        ex.StatusCode.ShouldBe(StatusCode.Cancelled);
        (await HandlersEndAsync()).ShouldBeTrue("the server handler kept running after the call's token was cancelled");
    }

    [Fact]
    public async Task Cancelling_a_unary_call_in_flight_ends_the_server_handler_and_reports_CANCELLED()
    {
        using var cts = new CancellationTokenSource();
        using var call = Client.EchoAsync(new EchoRequest { Text = "slow", DelayMs = 600_000 }, cancellationToken: cts.Token);
        (await HandlersStartAsync(1)).ShouldBeTrue("the unary handler never started");

        await cts.CancelAsync();

        var ex = await Should.ThrowAsync<RpcException>(() => call.ResponseAsync.WaitAsync(HandlerEndBudget));
        ex.StatusCode.ShouldBe(StatusCode.Cancelled);
        (await HandlersEndAsync()).ShouldBeTrue("the unary handler kept running after the call's token was cancelled");
    }

    [Fact]
    public async Task Disposing_a_client_stream_midway_ends_the_server_handler()
    {
        var call = Client.Collect();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "first" });
        (await HandlersStartAsync(1)).ShouldBeTrue("the client-streaming handler never started");

        // The request stream is never completed: only the reset tells the server the caller is gone.
        call.Dispose();

        (await HandlersEndAsync()).ShouldBeTrue("the client-streaming handler kept waiting for requests after the call was disposed");
        call.GetStatus().StatusCode.ShouldBe(StatusCode.Cancelled);
    }

    [Fact]
    public async Task Cancelling_a_duplex_stream_midway_ends_the_server_handler()
    {
        using var cts = new CancellationTokenSource();
        using var call = Client.Chat(cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "hello" });
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        call.ResponseStream.Current.Text.ShouldBe("hello");
        Active.Count.ShouldBe(1);

        await cts.CancelAsync();

        (await HandlersEndAsync()).ShouldBeTrue("the duplex handler kept running after the call's token was cancelled");
        var ex = await Should.ThrowAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        ex.StatusCode.ShouldBe(StatusCode.Cancelled);
    }

    private async Task<bool> HandlersStartAsync(int count)
    {
        var until = DateTime.UtcNow + HandlerEndBudget;
        while (Active.Count < count && DateTime.UtcNow < until)
        {
            await Task.Delay(10);
        }

        return Active.Count >= count;
    }

    private async Task<bool> HandlersEndAsync()
    {
        var until = DateTime.UtcNow + HandlerEndBudget;
        while (Active.Count > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        return Active.Count == 0;
    }
}
