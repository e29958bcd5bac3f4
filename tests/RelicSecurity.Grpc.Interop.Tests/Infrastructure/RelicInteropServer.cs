using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RelicSecurity.Grpc.Interop.Service;

namespace RelicSecurity.Grpc.Interop.Tests.Infrastructure;

/// <summary>Our server (RelicSecurity.Grpc on Kestrel, h2c) hosted in the test process on a free loopback port.</summary>
public sealed class RelicInteropServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RelicInteropServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public string Target => $"127.0.0.1:{Port}";

    public static async Task<RelicInteropServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpcLoopback(0));
        builder.Services.AddInteropService();
        var app = builder.Build();
        app.MapInteropService();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RelicInteropServer(app, new Uri(address).Port);
    }

    /// <summary>Graceful shutdown, as on SIGTERM (health turns NOT_SERVING, open calls end).</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
