using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;
using Xunit.Abstractions;

namespace RelicSecurity.Grpc.Tests;

/// <summary>Hostile input never takes the server down; each case gets its status or reset (issue 3, Show 3).</summary>
[Collection("memory")]
public sealed class HostileInputTests(ITestOutputHelper output) : EchoServerTests
{
    private const string EchoPath = "/relic.test.v1.EchoService/Echo";

    protected override Task<GrpcTestServer> StartServerAsync() =>
        GrpcTestServer.StartAsync(services: s => s.AddSingleton<ActiveCalls>());

    [Fact]
    public async Task Truncated_frame_is_INTERNAL()
    {
        var frame = RawGrpc.Frame(new EchoRequest { Text = "truncated message body" });
        var (status, message) = await SendRawAsync(frame.AsSpan(0, frame.Length - 4).ToArray());
        status.ShouldBe("13");
        output.WriteLine($"truncated frame → {status} {message}");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Truncated_prefix_is_INTERNAL()
    {
        var (status, _) = await SendRawAsync([0, 0, 0]);
        status.ShouldBe("13");
        await ServerStillAnswersAsync();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public async Task Flag_byte_other_than_0_or_1_is_INTERNAL(byte flag)
    {
        var (status, message) = await SendRawAsync(RawGrpc.Frame(new EchoRequest { Text = "x" }, flag));
        status.ShouldBe("13");
        message.ShouldNotBeNull().ShouldContain("flag");
        output.WriteLine($"flag {flag} → {status} {message}");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Declared_length_over_the_limit_is_RESOURCE_EXHAUSTED_before_the_body_arrives()
    {
        // Only the 5-byte prefix announcing 1 GiB is sent and the request stays open: the server must
        // answer from the prefix alone, without waiting for (or buffering) the body.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var body = new HangingContent(RawGrpc.Frame([], declaredLength: 1u << 30));
        using var request = RawGrpc.Request(Server.Address, EchoPath, []);
        request.Content = body;
        body.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        RawGrpc.Status(response).ShouldBe("8");
        output.WriteLine($"1 GiB declared, body never sent → {RawGrpc.Status(response)} {RawGrpc.Message(response)}");
        body.Release();
        await ServerStillAnswersAsync();
    }

    /// <summary>Sends some bytes, then keeps the request body open until released.</summary>
    private sealed class HangingContent(byte[] prefix) : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(prefix);
            await stream.FlushAsync();
            await _release.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Invalid_protobuf_is_INTERNAL()
    {
        var (status, message) = await SendRawAsync(RawGrpc.Frame([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        status.ShouldBe("13");
        output.WriteLine($"invalid protobuf → {status} {message}");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Two_messages_on_a_unary_call_are_INTERNAL()
    {
        var one = RawGrpc.Frame(new EchoRequest { Text = "a" });
        var (status, _) = await SendRawAsync([.. one, .. one]);
        status.ShouldBe("13");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Invalid_gzip_body_is_INTERNAL()
    {
        using var http = new HttpClient();
        using var request = RawGrpc.Request(Server.Address, EchoPath, RawGrpc.Frame([1, 2, 3, 4, 5, 6], flag: 1));
        request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        RawGrpc.Status(response).ShouldBe("13");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        using var http = new HttpClient();
        using var request = RawGrpc.Request(Server.Address, EchoPath, RawGrpc.Frame(new EchoRequest()), contentType: "application/json");
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        output.WriteLine($"application/json → HTTP {(int)response.StatusCode}");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Http1_request_to_the_h2c_port_is_refused_and_the_server_keeps_answering()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Server.Address.Port);
        var stream = client.GetStream();
        var request = $"POST {EchoPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/grpc\r\nContent-Length: 5\r\n\r\n\0\0\0\0\0";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var total = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(total), timeout.Token)) > 0 && total < buffer.Length)
        {
            total += read;
        }

        // Kestrel answers an HTTP/1.1 preface on an HTTP/2-only port with an HTTP/2 GOAWAY and closes.
        Encoding.ASCII.GetString(buffer, 0, total).ShouldNotContain("200 OK");
        output.WriteLine($"HTTP/1.1 on h2c port → {total} bytes then close");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Http1_request_on_a_mixed_port_gets_426()
    {
        await using var server = await GrpcTestServer.StartAsync(protocols: HttpProtocols.Http1);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, EchoPath))
        {
            Content = new ByteArrayContent(RawGrpc.Frame(new EchoRequest())),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.UpgradeRequired);
    }

    [Fact]
    public async Task Oversized_headers_are_refused_and_the_server_keeps_answering()
    {
        using var http = new HttpClient();
        using var request = RawGrpc.Request(Server.Address, EchoPath, RawGrpc.Frame(new EchoRequest()));
        request.Headers.TryAddWithoutValidation("x-huge", new string('a', 200_000));
        string outcome;
        try
        {
            using var response = await http.SendAsync(request);
            response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
            outcome = $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            outcome = "reset: " + ex.Message;
        }

        output.WriteLine($"200 KB header → {outcome}");
        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Garbage_after_the_http2_preface_closes_only_that_connection()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Server.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        var garbage = new byte[1024];
        new Random(7).NextBytes(garbage);
        await stream.WriteAsync(garbage);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await stream.ReadAsync(buffer, timeout.Token) > 0)
        {
        }

        await ServerStillAnswersAsync();
    }

    [Fact]
    public async Task Ten_thousand_streams_cancelled_midway_leave_no_handlers_running_and_memory_returns_to_baseline()
    {
        var active = Server.App.Services.GetRequiredService<ActiveCalls>();
        await StormAsync(200); // warm up pools, JIT and connections before the baseline
        await WaitForNoActiveCallsAsync(active);
        var baseline = FullGcHeap();

        var watch = Stopwatch.StartNew();
        var refused = await StormAsync(10_000);
        watch.Stop();
        await WaitForNoActiveCallsAsync(active);
        var after = FullGcHeap();

        output.WriteLine($"10,000 cancelled streams in {watch.Elapsed.TotalSeconds:F1} s; handlers entered {active.Entered}, still running {active.Count}; streams the server refused (ENHANCE_YOUR_CALM, or a connection it closed) and the storm reopened: {refused}");
        output.WriteLine($"GC heap after full collection: baseline {baseline / 1024.0 / 1024.0:F1} MiB, after {after / 1024.0 / 1024.0:F1} MiB, delta {(after - baseline) / 1024.0 / 1024.0:+0.0;-0.0} MiB");
        active.Count.ShouldBe(0, $"{active.Count} of {active.Entered} handlers still running");
        // A call whose connection was closed may have entered its handler before it is opened again.
        active.Entered.ShouldBeGreaterThanOrEqualTo(10_200);
        (after - baseline).ShouldBeLessThan(16L * 1024 * 1024);
        await ServerStillAnswersAsync();
    }

    /// <summary>
    /// Opens <paramref name="calls"/> server streams, 100 at a time, and resets each after its first message.
    /// This is the HTTP/2 "rapid reset" pattern: when resets outrun the server finishing their handlers,
    /// Kestrel refuses new streams with ENHANCE_YOUR_CALM, which the client reports as RESOURCE_EXHAUSTED.
    /// A refused stream never reaches a handler, so the storm backs off briefly and opens it again; the
    /// test's claims (every handler ends, memory returns) hold for the streams that did run.
    /// </summary>
    private async Task<int> StormAsync(int calls)
    {
        const int Parallel = 100;
        var refused = 0;
        using var gate = new SemaphoreSlim(Parallel);
        var tasks = new List<Task>(calls);
        for (var i = 0; i < calls; i++)
        {
            await gate.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        try
                        {
                            using var call = Client.Count(new EchoRequest { Count = 1_000_000, DelayMs = 1 });
                            (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
                            // Dispose while the server is still streaming: RST_STREAM(CANCEL) midway.
                            return;
                        }
                        catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted || ClosedByRapidResetDefence(ex))
                        {
                            Interlocked.Increment(ref refused);
                            await Task.Delay(10);
                        }
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        return refused;
    }

    /// <summary>
    /// Kestrel's answer when a stream it has just refused still gets the request's DATA frame (already on
    /// the wire): it closes the whole connection with STREAM_CLOSED rather than track refused streams. The
    /// calls in flight on that connection fail with INTERNAL (the gRPC table's mapping of HTTP/2 protocol
    /// errors); like a refused stream, the storm opens them again.
    /// </summary>
    private static bool ClosedByRapidResetDefence(RpcException ex) =>
        ex.StatusCode == StatusCode.Internal && ex.Status.Detail.Contains("STREAM_CLOSED", StringComparison.Ordinal);

    private static async Task WaitForNoActiveCallsAsync(ActiveCalls active)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (active.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    private static long FullGcHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private async Task<(string? Status, string? Message)> SendRawAsync(byte[] body)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = RawGrpc.Request(Server.Address, EchoPath, body);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (RawGrpc.Status(response), RawGrpc.Message(response));
    }

    private async Task ServerStillAnswersAsync() =>
        (await Client.EchoAsync(new EchoRequest { Text = "still serving" })).Text.ShouldBe("still serving");
}
