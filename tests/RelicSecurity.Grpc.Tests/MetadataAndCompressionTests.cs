using System.Net;
using Google.Protobuf;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

public sealed class MetadataAndCompressionTests : EchoServerTests
{
    [Fact]
    public async Task Metadata_flows_both_ways_including_binary_values()
    {
        var headers = new Metadata
        {
            { "x-trace-id", "abc-123" },
            { "echo-token-bin", new byte[] { 0, 200, 255, 10 } },
        };
        using var call = Client.EchoAsync(new EchoRequest(), new CallOptions(headers).WithBearerToken("t0k3n"));
        var reply = await call;
        reply.SeenMetadata.ShouldContain("x-trace-id=abc-123");
        reply.SeenMetadata.ShouldContain("echo-token-bin=00C8FF0A");
        reply.SeenMetadata.ShouldContain("authorization=Bearer t0k3n");
        reply.SeenMetadata.ShouldNotContain(s => s.StartsWith("grpc-", StringComparison.Ordinal) || s.StartsWith("te=", StringComparison.Ordinal) || s.StartsWith("content-type", StringComparison.Ordinal));
        call.GetTrailers().GetValueBytes("echo-token-bin").ShouldBe(new byte[] { 0, 200, 255, 10 });
    }

    [Fact]
    public async Task Padded_and_unpadded_binary_headers_are_both_accepted()
    {
        foreach (var value in new[] { "AMj/Cg==", "AMj/Cg" })
        {
            using var http = new HttpClient();
            using var request = RawGrpc.Request(Server.Address, "/relic.test.v1.EchoService/Echo", RawGrpc.Frame(new EchoRequest()));
            request.Headers.TryAddWithoutValidation("x-blob-bin", value);
            using var response = await http.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            RawGrpc.Status(response).ShouldBe("0");
            EchoReply.Parser.ParseFrom(bytes.AsSpan(5).ToArray()).SeenMetadata.ShouldContain("x-blob-bin=00C8FF0A");
        }
    }

    [Fact]
    public async Task Gzip_requests_are_decompressed_by_the_server()
    {
        using var channel = Server.CreateChannel(new GrpcChannelOptions { SendCompression = "gzip" });
        var client = new EchoService.EchoServiceClient(channel);
        var payload = ByteString.CopyFrom(new byte[100_000]);
        var reply = await client.EchoAsync(new EchoRequest { Text = "zipped", Payload = payload });
        reply.Text.ShouldBe("zipped");
        reply.Payload.Length.ShouldBe(100_000);

        using var chat = client.Chat();
        await chat.RequestStream.WriteAsync(new EchoRequest { Text = "streamed zip" });
        (await chat.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        chat.ResponseStream.Current.Text.ShouldBe("streamed zip");
        await chat.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task Server_compresses_responses_only_for_clients_that_accept_gzip()
    {
        await using var server = await GrpcTestServer.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");
        using var http = new HttpClient();

        using var accepting = RawGrpc.Request(server.Address, "/relic.test.v1.EchoService/Echo", RawGrpc.Frame(new EchoRequest { ReplySize = 50_000 }));
        accepting.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity,gzip");
        using var zipped = await http.SendAsync(accepting);
        var zippedBody = await zipped.Content.ReadAsByteArrayAsync();
        zipped.Headers.GetValues("grpc-encoding").Single().ShouldBe("gzip");
        zippedBody[0].ShouldBe((byte)1);
        zippedBody.Length.ShouldBeLessThan(5_000);

        using var plainRequest = RawGrpc.Request(server.Address, "/relic.test.v1.EchoService/Echo", RawGrpc.Frame(new EchoRequest { ReplySize = 50_000 }));
        using var plain = await http.SendAsync(plainRequest);
        var plainBody = await plain.Content.ReadAsByteArrayAsync();
        plain.Headers.Contains("grpc-encoding").ShouldBeFalse();
        plainBody[0].ShouldBe((byte)0);

        // And our client reads the compressed replies.
        using var channel = server.CreateChannel();
        var reply = await new EchoService.EchoServiceClient(channel).EchoAsync(new EchoRequest { ReplySize = 50_000 });
        reply.Payload.Length.ShouldBe(50_000);
    }

    [Fact]
    public async Task Unsupported_request_encoding_is_UNIMPLEMENTED_and_lists_the_supported_ones()
    {
        using var http = new HttpClient();
        using var request = RawGrpc.Request(Server.Address, "/relic.test.v1.EchoService/Echo", RawGrpc.Frame(new EchoRequest(), flag: 1));
        request.Headers.TryAddWithoutValidation("grpc-encoding", "br");
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        RawGrpc.Status(response).ShouldBe("12");
        response.Headers.GetValues("grpc-accept-encoding").Single().ShouldContain("gzip");
    }

    [Fact]
    public async Task Compressed_flag_without_an_encoding_is_INTERNAL()
    {
        using var http = new HttpClient();
        using var request = RawGrpc.Request(Server.Address, "/relic.test.v1.EchoService/Echo", RawGrpc.Frame(new EchoRequest { Text = "x" }, flag: 1));
        using var response = await http.SendAsync(request);
        RawGrpc.Status(response).ShouldBe("13");
    }
}
