using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

public sealed class CallLog
{
    public ConcurrentQueue<string> Entries { get; } = new();
}

public sealed class OuterInterceptor(CallLog log) : IServerInterceptor
{
    public async ValueTask InterceptAsync(ServerCallContext context, ServerCallContinuation next)
    {
        log.Entries.Enqueue("outer>" + context.MethodDefinition.Name);
        try
        {
            await next(context);
            log.Entries.Enqueue("outer<ok:" + (context.RequestMessage as EchoRequest)?.Text);
        }
        catch (RpcException ex)
        {
            log.Entries.Enqueue("outer<" + ex.StatusCode);
            throw;
        }
    }
}

public sealed class AuthInterceptor(CallLog log) : IServerInterceptor
{
    public ValueTask InterceptAsync(ServerCallContext context, ServerCallContinuation next)
    {
        log.Entries.Enqueue("auth>" + context.MethodDefinition.Type);
        if (context.MethodDefinition.ServiceName == "relic.test.v1.EchoService" && context.RequestHeaders.GetValue("authorization") != "Bearer good")
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "A valid bearer token is required."));
        }

        context.ResponseTrailers.Add("checked-by", "auth");
        return next(context);
    }
}

public sealed class InterceptorTests : EchoServerTests
{
    private CallLog Log => Server.App.Services.GetRequiredService<CallLog>();

    protected override Task<GrpcTestServer> StartServerAsync() => GrpcTestServer.StartAsync(
        configure: o => o.Interceptors.Add<OuterInterceptor>(),
        configureBuilder: b => b.AddServiceOptions<TestEchoService>(o => o.Interceptors.Add<AuthInterceptor>()),
        services: s => s.AddSingleton<CallLog>());

    [Fact]
    public async Task Interceptors_run_in_registration_order_around_the_handler()
    {
        using var call = Client.EchoAsync(new EchoRequest { Text = "x" }, new CallOptions().WithBearerToken("good"));
        (await call).Text.ShouldBe("x");
        Log.Entries.ShouldBe(["outer>Echo", "auth>Unary", "outer<ok:x"]);
        call.GetTrailers().GetValue("checked-by").ShouldBe("auth");
    }

    [Fact]
    public async Task An_interceptor_rejects_a_call_before_the_handler_runs()
    {
        var ex = await Should.ThrowAsync<RpcException>(() => Client.EchoAsync(new EchoRequest { Text = "x" }).ResponseAsync);
        ex.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        Log.Entries.ShouldBe(["outer>Echo", "auth>Unary", "outer<Unauthenticated"]);
    }

    [Fact]
    public async Task Interceptors_apply_to_streaming_methods_too()
    {
        var options = new CallOptions().WithBearerToken("good");
        using (var call = Client.Count(new EchoRequest { Count = 2 }, options))
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }

        using (var chat = Client.Chat(options))
        {
            await chat.RequestStream.CompleteAsync();
            (await chat.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeFalse();
        }

        Log.Entries.ShouldContain("auth>ServerStreaming");
        Log.Entries.ShouldContain("auth>DuplexStreaming");
    }

    [Fact]
    public async Task Server_wide_interceptors_see_the_standard_services_too()
    {
        await new Health.V1.Health.HealthClient(Channel).CheckAsync(new Health.V1.HealthCheckRequest());
        Log.Entries.ShouldBe(["outer>Check", "outer<ok:"]);
    }
}
