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

/// <summary>Created per call from singletons only (and an optional parameter nobody registered).</summary>
public sealed class SingletonFedEchoService(ServiceRegistryProbe probe, string greeting = "hello") : EchoService.EchoServiceBase
{
    public override Task<EchoReply> Echo(EchoRequest request, ServerCallContext context)
    {
        probe.Services.Add(this);
        probe.Probes.Add(probe);
        return Task.FromResult(new EchoReply { Text = greeting });
    }
}

public sealed class ServiceRegistryProbe
{
    public System.Collections.Concurrent.ConcurrentBag<object> Services { get; } = [];

    public System.Collections.Concurrent.ConcurrentBag<ServiceRegistryProbe> Probes { get; } = [];

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

    [Fact]
    public async Task A_service_fed_by_singletons_is_a_new_instance_per_call_sharing_the_same_singletons()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpcLoopback(0));
        builder.Services.AddRelicGrpc();
        builder.Services.AddSingleton<ServiceRegistryProbe>();
        await using var app = builder.Build();
        app.MapGrpcService<SingletonFedEchoService>();
        await app.StartAsync();
        using var channel = GrpcChannel.ForAddress(app.Urls.Single());
        var client = new EchoService.EchoServiceClient(channel);

        var replies = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => (await client.EchoAsync(new EchoRequest())).Text));

        replies.ShouldAllBe(text => text == "hello");
        var probe = app.Services.GetRequiredService<ServiceRegistryProbe>();
        probe.Services.Distinct().Count().ShouldBe(3);
        probe.Probes.ShouldAllBe(seen => ReferenceEquals(seen, probe));
        await app.StopAsync();
    }
}
