using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.ServiceDefaults.Telemetry;

namespace RelicSecurity.ServiceDefaults;

/// <summary>What every RelicSecurity process adds the same way: logging, telemetry, health, HTTP/2 listeners.</summary>
public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";

    /// <summary>
    /// Log levels every process starts from. ASP.NET Core logs each request (health probes every few
    /// seconds included) at Information, and the gateway's YARP two more lines per forwarded call, which
    /// buries what matters in the app host's output and costs CPU on every call; the gRPC layer logs
    /// failed calls itself and YARP logs failed forwards as warnings. These sit below every other configuration source, so an operator
    /// can still turn request logging back on, e.g. <c>Logging__LogLevel__Microsoft.AspNetCore=Information</c>.
    /// </summary>
    /// <remarks>
    /// No "Default" entry on purpose: a configured default would override a host's own
    /// <c>SetMinimumLevel</c> (tests and benchmarks quieten their in-process services that way).
    /// </remarks>
    public static readonly IReadOnlyDictionary<string, string?> DefaultLogLevels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Yarp.ReverseProxy.Forwarder"] = "Warning",
    };

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DefaultLogLevels });
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.AddSuiteTelemetry();

        // Every clock read goes through TimeProvider, so tests can move time.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        // gRPC over cleartext needs HTTP/2 only: Http1AndHttp2 without TLS would serve HTTP/1.1.
        builder.Services.Configure<KestrelServerOptions>(options =>
        {
            options.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            options.Limits.MaxRequestBodySize = null;
            options.Limits.MinRequestBodyDataRate = null;
        });
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Probes carry no token.
        app.MapHealthChecks("/health/ready").AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) }).AllowAnonymous();
        return app;
    }
}
