using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

/// <summary>Fails the first <see cref="FailFirst"/> calls with UNAVAILABLE, counting every attempt.</summary>
public sealed class FlakyInterceptor : IServerInterceptor
{
    private int _attempts;

    public int FailFirst { get; set; }

    public int Attempts => Volatile.Read(ref _attempts);

    public ValueTask InterceptAsync(ServerCallContext context, ServerCallContinuation next)
    {
        if (Interlocked.Increment(ref _attempts) <= FailFirst)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "warming up"));
        }

        return next(context);
    }
}

public sealed class ConnectionTests : EchoServerTests
{
    private FlakyInterceptor Flaky => Server.App.Services.GetRequiredService<FlakyInterceptor>();

    protected override Task<GrpcTestServer> StartServerAsync() => GrpcTestServer.StartAsync(
        configureBuilder: b => b.AddServiceOptions<TestEchoService>(o => o.Interceptors.Add<FlakyInterceptor>()),
        services: s =>
        {
            s.AddSingleton<FlakyInterceptor>();
            s.AddSingleton(new ConcurrencyBarrier(150));
        });

    protected override GrpcChannelOptions ChannelOptions() => new()
    {
        Retry = new RetryPolicy { MaxAttempts = 4, InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) },
    };

    [Fact]
    public async Task Idempotent_method_is_retried_after_UNAVAILABLE()
    {
        Flaky.FailFirst = 2;
        (await Client.EchoIdempotentAsync(new EchoRequest { Text = "third time" })).Text.ShouldBe("third time");
        Flaky.Attempts.ShouldBe(3);
    }

    [Fact]
    public async Task Call_marked_idempotent_in_its_options_is_retried()
    {
        Flaky.FailFirst = 1;
        (await Client.EchoAsync(new EchoRequest { Text = "ok" }, new CallOptions().WithIdempotent())).Text.ShouldBe("ok");
        Flaky.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task Non_idempotent_method_is_not_retried()
    {
        Flaky.FailFirst = 1;
        var ex = await Should.ThrowAsync<RpcException>(() => Client.EchoAsync(new EchoRequest()).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.Unavailable);
        Flaky.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        Flaky.FailFirst = 100;
        var ex = await Should.ThrowAsync<RpcException>(() => Client.EchoIdempotentAsync(new EchoRequest()).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.Unavailable);
        Flaky.Attempts.ShouldBe(4);
    }

    [Fact]
    public async Task Server_that_is_down_gives_UNAVAILABLE_within_the_deadline()
    {
        var port = FreePort();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions
        {
            Retry = new RetryPolicy { MaxAttempts = 1000, InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100) },
        });
        var client = new EchoService.EchoServiceClient(channel);
        var started = DateTime.UtcNow;
        var ex = await Should.ThrowAsync<RpcException>(() => client.EchoIdempotentAsync(new EchoRequest(), deadline: DateTime.UtcNow.AddMilliseconds(700)).ResponseAsync);
        ex.StatusCode.ShouldBeOneOf(StatusCode.Unavailable, StatusCode.DeadlineExceeded);
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task More_than_100_concurrent_calls_run_at_once_over_several_connections()
    {
        // Every call waits until all 150 are inside the server: with one connection (100 streams) this would hang.
        var calls = Enumerable.Range(0, 150)
            .Select(_ => Client.EchoAsync(new EchoRequest { Text = "barrier" }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync)
            .ToList();
        var replies = await Task.WhenAll(calls);
        replies.ShouldAllBe(r => r.Text == "barrier");
        Server.App.Services.GetRequiredService<ConcurrencyBarrier>().Arrived.ShouldBe(150);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
