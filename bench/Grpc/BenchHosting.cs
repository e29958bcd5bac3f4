using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RelicSecurity.Bench.Grpc;

public static class BenchHosting
{
    /// <summary>h2c on 127.0.0.1 only (HTTP/2 without TLS needs Http2, not Http1AndHttp2), quiet logs.</summary>
    public static WebApplicationBuilder UseBenchKestrel(this WebApplicationBuilder builder, int port)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        return builder;
    }

    /// <summary>Starts the app and prints "LISTENING port" for the bench script, then waits for shutdown.</summary>
    public static async Task RunAndAnnounceAsync(this WebApplication app)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Console.WriteLine($"LISTENING {new Uri(address).Port}");
        await app.WaitForShutdownAsync();
    }
}
