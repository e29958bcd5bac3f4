using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Grpc.Tests.Protos;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

/// <summary>A per-request dependency: proves a scoped service gets the call's DI scope.</summary>
public sealed class RequestScopedThing : IDisposable
{
    private static int _next;

    public int Id { get; } = Interlocked.Increment(ref _next);

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

public sealed class ScopedEchoService(RequestScopedThing thing, ServiceRegistryProbe probe) : EchoService.EchoServiceBase
{
    public override Task<EchoReply> Echo(EchoRequest request, ServerCallContext context)
    {
        probe.Seen.Add(thing);
        return Task.FromResult(new EchoReply { Text = thing.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}

public sealed class ServiceRegistryProbe
{
    public System.Collections.Concurrent.ConcurrentBag<RequestScopedThing> Seen { get; } = [];
}

public sealed class ActivationTests
{
    [Fact]
    public async Task A_service_with_a_scoped_dependency_gets_a_fresh_scope_per_call_disposed_afterwards()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpcLoopback(0));
        builder.Services.AddRelicGrpc();
        builder.Services.AddScoped<RequestScopedThing>();
        builder.Services.AddSingleton<ServiceRegistryProbe>();
        await using var app = builder.Build();
        app.MapGrpcService<ScopedEchoService>();
        await app.StartAsync();
        var address = app.Urls.Single();
        using var channel = GrpcChannel.ForAddress(address);
        var client = new EchoService.EchoServiceClient(channel);

        var first = (await client.EchoAsync(new EchoRequest())).Text;
        var second = (await client.EchoAsync(new EchoRequest())).Text;

        first.ShouldNotBe(second);
        var probe = app.Services.GetRequiredService<ServiceRegistryProbe>();
        probe.Seen.Count.ShouldBe(2);
        probe.Seen.ShouldAllBe(thing => thing.Disposed);
        await app.StopAsync();
    }
}
