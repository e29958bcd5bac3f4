using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
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

    /// <summary>
    /// GET /_bench/stats answers "allocated=BYTES gen0=N gen1=N gen2=N exceptions=N jit_methods=N jit_ms=N"
    /// for this process, so the bench can print bytes allocated per call (deterministic, unlike timings on
    /// a shared machine) and warm up until the JIT has stopped compiling (tiered compilation done). It runs
    /// first in both .NET servers, so both pay the same one branch per request.
    /// </summary>
    public static void UseBenchStats(this WebApplication app)
    {
        AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref _exceptions);
        app.Use(StatsAsync);
    }

    private static long _exceptions;

    private static async Task StatsAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.Value != "/_bench/stats")
        {
            await next(context);
            return;
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"allocated={GC.GetTotalAllocatedBytes(precise: true)} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} exceptions={Interlocked.Read(ref _exceptions)} jit_methods={System.Runtime.JitInfo.GetCompiledMethodCount()} jit_ms={System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0}\n"));
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
