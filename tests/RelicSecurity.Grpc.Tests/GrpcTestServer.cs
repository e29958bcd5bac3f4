using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RelicSecurity.Grpc.Tests;

/// <summary>A real Kestrel server on 127.0.0.1, a free port, h2c only, serving <see cref="TestEchoService"/>.</summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    private GrpcTestServer(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public static async Task<GrpcTestServer> StartAsync(
        Action<GrpcServerOptions>? configure = null,
        Action<RelicGrpcBuilder>? configureBuilder = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? map = null,
        HttpProtocols protocols = HttpProtocols.Http2)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.ListenGrpcLoopback(0, listen => listen.Protocols = protocols));
        var grpc = builder.Services.AddRelicGrpc(configure);
        configureBuilder?.Invoke(grpc);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<TestEchoService>();
        app.MapGrpcHealthService();
        app.MapGrpcReflectionService();
        map?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new GrpcTestServer(app, new Uri(address));
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
