using System.Net;
using System.Net.Sockets;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.Wire.Tests;

/// <summary>
/// Hostile input against the Sites service and against the gateway in front of it: each attack gets
/// its status or loses its connection, and afterwards the suite still answers a real call and its
/// heap is back at the baseline. The collection runs its tests one at a time, so the heap is this test's.
/// </summary>
[Collection("servers")]
public sealed class HostileInputTests(LocalServersFixture servers, ITestOutputHelper output) : IAsyncLifetime
{
    private SuiteUnderTest _suite = null!;

    public async Task InitializeAsync() => _suite = await SuiteUnderTest.StartAsync(servers);

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task A_truncated_frame_is_INTERNAL(Endpoint endpoint)
    {
        var whole = RawGrpc.Frame(new GetSiteRequest { SiteId = Guid.NewGuid().ToString() });

        var (status, message) = await AttackAsync(endpoint, "truncated frame",
            () => RawGrpc.SendAsync(_suite.Address(endpoint), RawGrpc.GetSitePath, whole[..^4]));

        status.ShouldBe("13", message);
    }

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task A_truncated_length_prefix_is_INTERNAL(Endpoint endpoint)
    {
        var (status, message) = await AttackAsync(endpoint, "3 of the 5 prefix bytes",
            () => RawGrpc.SendAsync(_suite.Address(endpoint), RawGrpc.GetSitePath, [0, 0, 0]));

        status.ShouldBe("13", message);
    }

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task A_1_GiB_announced_length_is_RESOURCE_EXHAUSTED_from_the_prefix_alone(Endpoint endpoint)
    {
        // Only the 5-byte prefix goes out and the request body stays open: an answer can only come from
        // the prefix, so nothing can have been buffered (and no 1 GiB array may stay behind in the heap).
        var (status, message) = await AttackAsync(endpoint, "1 GiB announced, body never sent", async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var body = new HeldOpenContent(RawGrpc.Frame([], announcedLength: 1u << 30));
            using var request = RawGrpc.Request(_suite.Address(endpoint), RawGrpc.GetSitePath, body);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            body.Release();
            await response.Content.ReadAsByteArrayAsync();
            return (RawGrpc.Header(response, "grpc-status"), RawGrpc.Header(response, "grpc-message"));
        });

        status.ShouldBe("8", message);
    }

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task Bytes_that_are_not_protobuf_are_UNKNOWN_without_internals(Endpoint endpoint)
    {
        // grpc-dotnet parses a unary request before any interceptor runs, so the parser's exception is
        // answered like any unexpected one: UNKNOWN with its generic message (the home-made layer
        // answered INTERNAL). What must hold is that the call gets a status and the parser's details
        // stay on the server.
        // Field 15, wire type 7: no such wire type exists.
        byte[] notProtobuf = [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

        var (status, message) = await AttackAsync(endpoint, "invalid protobuf",
            () => RawGrpc.SendAsync(_suite.Address(endpoint), RawGrpc.GetSitePath, RawGrpc.Frame(notProtobuf)));

        status.ShouldBe("2", message);
        message.ShouldBe("Exception was thrown by handler.");
    }

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task Garbage_after_the_HTTP2_preface_closes_only_that_connection(Endpoint endpoint)
    {
        var (closed, _) = await AttackAsync(endpoint, "1 KiB of random bytes after the preface", async () =>
        {
            var address = _suite.Address(endpoint);
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, address.Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
            var garbage = new byte[1024];
            new Random(8).NextBytes(garbage);
            await stream.WriteAsync(garbage);

            // The server answers with at most a SETTINGS and a GOAWAY, then closes: read until it does.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var buffer = new byte[4096];
            var received = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received += read;
            }

            return ("closed", $"{received} bytes, then the server closed the connection");
        });

        closed.ShouldBe("closed");
    }

    /// <summary>
    /// Warms the path up, takes the heap baseline, runs the attack, then checks that the suite still
    /// answers and that the heap is back within <see cref="ProcessHeap.Tolerance"/> of the baseline.
    /// </summary>
    private async Task<(string? Status, string? Message)> AttackAsync(Endpoint endpoint, string attack,
        Func<Task<(string? Status, string? Message)>> run)
    {
        await _suite.StillAnswersAsync(endpoint);
        var baseline = ProcessHeap.Measure();

        var outcome = await run();
        await _suite.StillAnswersAsync(endpoint);
        var after = ProcessHeap.Measure();

        output.WriteLine($"{endpoint}: {attack} → grpc-status {outcome.Status ?? "(none)"} {outcome.Message}; still answering");
        output.WriteLine($"{endpoint}: {ProcessHeap.Describe(baseline, after)}");
        (after - baseline).ShouldBeLessThan(ProcessHeap.Tolerance, ProcessHeap.Describe(baseline, after));
        return outcome;
    }

    /// <summary>A request body that sends its first bytes and then stays open until released.</summary>
    private sealed class HeldOpenContent(byte[] first) : HttpContent
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await _released.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
