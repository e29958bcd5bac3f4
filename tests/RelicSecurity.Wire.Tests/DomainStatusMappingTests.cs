using Grpc.Core;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.Wire.V1;
using Shouldly;
using Xunit;

namespace RelicSecurity.Wire.Tests;

/// <summary>
/// The one DomainStatusInterceptor of ServiceDefaults maps domain failures to the statuses API.md names,
/// with their (non-ASCII) message intact, for unary, client-streaming, server-streaming and bidi calls;
/// a transient database failure is UNAVAILABLE and anything else UNKNOWN with nothing of its internals.
/// </summary>
public sealed class DomainStatusMappingTests : IAsyncLifetime
{
    private const string Message = "文物未找到: 乾隆 vase ü — 100% ✓";

    private FailingServiceHost _host = null!;

    public static TheoryData<string, StatusCode> Failures() => new()
    {
        { nameof(FailureKind.InvalidArgument), StatusCode.InvalidArgument },
        { nameof(FailureKind.NotFound), StatusCode.NotFound },
        { nameof(FailureKind.Conflict), StatusCode.Aborted },
        { nameof(FailureKind.FailedPrecondition), StatusCode.FailedPrecondition },
        { nameof(FailureKind.PermissionDenied), StatusCode.PermissionDenied },
        { nameof(FailureKind.Unavailable), StatusCode.Unavailable },
        { "TransientDatabase", StatusCode.Unavailable },
    };

    public async Task InitializeAsync() => _host = await FailingServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_unary_failure_gets_its_status(string failure, StatusCode expected)
    {
        var error = await Should.ThrowAsync<RpcException>(async () =>
            await _host.Client.UnaryAsync(Fail(failure), deadline: Soon()));

        ShouldBe(error, failure, expected);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_client_streaming_failure_gets_its_status(string failure, StatusCode expected)
    {
        using var call = _host.Client.ClientStream(deadline: Soon());
        await call.RequestStream.WriteAsync(new FailRequest());
        await call.RequestStream.WriteAsync(Fail(failure));

        var error = await Should.ThrowAsync<RpcException>(async () => await call.ResponseAsync);

        ShouldBe(error, failure, expected);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_server_streaming_failure_arrives_after_the_messages_sent_before_it(string failure, StatusCode expected)
    {
        var request = Fail(failure);
        request.AfterMessages = 2;
        using var call = _host.Client.ServerStream(request, deadline: Soon());
        var received = new List<int>();

        var error = await Should.ThrowAsync<RpcException>(async () =>
        {
            await foreach (var reply in call.ResponseStream.ReadAllAsync())
            {
                received.Add(reply.Index);
            }
        });

        received.ShouldBe([0, 1]);
        ShouldBe(error, failure, expected);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_bidi_failure_gets_its_status(string failure, StatusCode expected)
    {
        using var call = _host.Client.Bidi(deadline: Soon());
        await call.RequestStream.WriteAsync(new FailRequest());
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        await call.RequestStream.WriteAsync(Fail(failure));

        var error = await Should.ThrowAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));

        ShouldBe(error, failure, expected);
    }

    [Fact]
    public async Task An_unexpected_exception_is_UNKNOWN_and_tells_nothing_of_its_internals()
    {
        var unary = await Should.ThrowAsync<RpcException>(async () => await _host.Client.UnaryAsync(Fail("Bug"), deadline: Soon()));
        using var stream = _host.Client.ServerStream(Fail("Bug"), deadline: Soon());
        var streaming = await Should.ThrowAsync<RpcException>(async () => await stream.ResponseStream.MoveNext(CancellationToken.None));

        foreach (var error in new[] { unary, streaming })
        {
            error.StatusCode.ShouldBe(StatusCode.Unknown);
            error.Status.Detail.ShouldNotContain("hunter2");
            error.Status.Detail.ShouldNotContain(nameof(InvalidOperationException));
        }
    }

    private static FailRequest Fail(string failure) => new() { Failure = failure, Message = Message };

    private static DateTime Soon() => DateTime.UtcNow.AddSeconds(30);

    private static void ShouldBe(RpcException error, string failure, StatusCode expected)
    {
        error.StatusCode.ShouldBe(expected);
        if (failure == "TransientDatabase")
        {
            // The database's own message stays in the server's log; the caller learns it may retry.
            error.Status.Detail.ShouldNotContain("hunter2");
            error.Status.Detail.ShouldContain("retry");
        }
        else
        {
            error.Status.Detail.ShouldBe(Message);
        }
    }
}
