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
