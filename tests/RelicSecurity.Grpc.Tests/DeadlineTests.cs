using System.Diagnostics;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

public sealed class DeadlineTests : EchoServerTests
{
    [Fact]
    public async Task Deadline_passing_during_the_call_gives_DEADLINE_EXCEEDED()
    {
        var ex = await Should.ThrowAsync<RpcException>(() =>
            Client.EchoAsync(new EchoRequest { DelayMs = 5000 }, deadline: DateTime.UtcNow.AddMilliseconds(200)).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task Deadline_already_passed_fails_without_sending()
    {
        var ex = await Should.ThrowAsync<RpcException>(() =>
            Client.EchoAsync(new EchoRequest(), deadline: DateTime.UtcNow.AddSeconds(-1)).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task Server_answers_DEADLINE_EXCEEDED_by_itself_even_when_the_handler_ignores_cancellation()
    {
        // A raw request with grpc-timeout and no client timer: the server alone must end the call.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var request = RawGrpc.Request(Server.Address, "/relic.test.v1.EchoService/Echo",
            RawGrpc.Frame(new EchoRequest { DelayMs = 3000, IgnoreCancellation = true }));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "300m");
        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        watch.Stop();
        RawGrpc.Status(response).ShouldBe("4");
        body.ShouldBeEmpty();
        watch.ElapsedMilliseconds.ShouldBeLessThan(2500);
    }

    [Fact]
    public async Task Handler_token_is_cancelled_at_the_deadline()
    {
        // Generous deadline: on a loaded 2-core CI machine the first message can take far longer than
        // its 100 ms delay; what matters is that the stream ends at the deadline, long before 1000 messages.
        using var call = Client.Count(new EchoRequest { Count = 1000, DelayMs = 100 }, deadline: DateTime.UtcNow.AddSeconds(3));
        var received = 0;
        var ex = await Should.ThrowAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                received++;
            }
        });
        ex.StatusCode.ShouldBe(StatusCode.DeadlineExceeded, ex.Status.ToString());
        received.ShouldBeGreaterThan(0);
        received.ShouldBeLessThan(1000);
    }

    [Fact]
    public async Task Cancelling_a_call_reports_CANCELLED_and_the_server_keeps_serving()
    {
        using var cts = new CancellationTokenSource(200);
        var ex = await Should.ThrowAsync<RpcException>(() =>
            Client.EchoAsync(new EchoRequest { DelayMs = 5000 }, cancellationToken: cts.Token).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.Cancelled);
        (await Client.EchoAsync(new EchoRequest { Text = "still here" })).Text.ShouldBe("still here");
    }

    [Fact]
    public void Timeout_header_round_trips_within_eight_digits()
    {
        foreach (var span in new[] { TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(90), TimeSpan.FromDays(40), TimeSpan.FromDays(20000) })
        {
            var text = Internal.GrpcProtocol.FormatTimeout(span);
            (text.Length - 1).ShouldBeLessThanOrEqualTo(8);
            var parsed = Internal.GrpcProtocol.ParseTimeout(text);
            parsed.ShouldNotBeNull();
            parsed!.Value.ShouldBeGreaterThanOrEqualTo(span > TimeSpan.FromHours(99_999_999) ? TimeSpan.FromHours(99_999_999) : span);
        }

        Internal.GrpcProtocol.ParseTimeout("123456789S").ShouldBeNull();
        Internal.GrpcProtocol.ParseTimeout("10x").ShouldBeNull();
        Internal.GrpcProtocol.ParseTimeout("1H").ShouldBe(TimeSpan.FromHours(1));
    }
}
