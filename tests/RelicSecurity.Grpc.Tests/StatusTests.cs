using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

public sealed class StatusTests : EchoServerTests
{
    [Fact]
    public async Task Error_before_any_message_arrives_with_its_status_detail_and_trailers()
    {
        using var call = Client.EchoAsync(new EchoRequest { FailCode = (int)StatusCode.NotFound, Text = "site 42 not found" });
        var ex = await Should.ThrowAsync<RpcException>(() => call.ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.NotFound);
        ex.Status.Detail.ShouldBe("site 42 not found");
        ex.Trailers.GetValue("failure-reason").ShouldBe("requested");
        ex.Trailers.GetValueBytes("failure-bin").ShouldBe(new byte[] { 0, 1, 2, 255 });
        call.GetStatus().StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task Non_ascii_status_message_survives_percent_encoding()
    {
        const string Detail = "文物 100% 不存在 – ü";
        var ex = await Should.ThrowAsync<RpcException>(() => Client.EchoAsync(new EchoRequest { FailCode = (int)StatusCode.InvalidArgument, Text = Detail }).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        ex.Status.Detail.ShouldBe(Detail);
    }

    [Fact]
    public async Task Error_after_streamed_messages_arrives_after_those_messages()
    {
        using var call = Client.Count(new EchoRequest { Count = 5, FailAfter = 3, FailCode = (int)StatusCode.Aborted, Text = "stopped" });
        var received = 0;
        var ex = await Should.ThrowAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                received++;
            }
        });
        received.ShouldBe(3);
        ex.StatusCode.ShouldBe(StatusCode.Aborted);
        ex.Status.Detail.ShouldBe("stopped");
    }

    [Fact]
    public async Task Unexpected_exception_becomes_UNKNOWN_without_internals()
    {
        var ex = await Should.ThrowAsync<RpcException>(() => Client.EchoAsync(new EchoRequest { Crash = true }).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.Unknown);
        ex.Status.Detail.ShouldNotContain("secret");
        ex.Status.Detail.ShouldBe("Exception was thrown by handler.");
    }

    [Fact]
    public async Task Client_streaming_error_reaches_the_caller()
    {
        using var call = Client.Collect();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "ok" });
        await call.RequestStream.WriteAsync(new EchoRequest { FailCode = (int)StatusCode.FailedPrecondition, Text = "bad row" });
        var ex = await Should.ThrowAsync<RpcException>(async () =>
        {
            // The server may already have answered; completing may then fail with the same status.
            try
            {
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
            }

            await call;
        });
        ex.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        ex.Status.Detail.ShouldBe("bad row");
    }

    [Fact]
    public async Task Unknown_service_answers_UNIMPLEMENTED()
    {
        var method = new Method<EchoRequest, EchoReply>(EchoService.Descriptor.Methods[0], EchoRequest.Parser, EchoReply.Parser);
        // Same messages, different path: a raw request to a service nobody mapped.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.Address, "/relic.test.v1.Nobody/Echo"))
        {
            Version = new Version(2, 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        using var response = await http.SendAsync(request);
        response.Headers.GetValues("grpc-status").Single().ShouldBe("12");
        method.FullName.ShouldBe("/relic.test.v1.EchoService/Echo");
    }
}
