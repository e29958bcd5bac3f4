using Microsoft.AspNetCore.Builder;
using RelicSecurity.Gateway.Routing;
using RelicSecurity.ServiceDefaults;

namespace RelicSecurity.Gateway.Extensions;

/// <summary>
/// The gateway's whole wiring, in one place for Program.cs and for what runs the real gateway in-process (tests
/// and benchmarks), so none of them can drift from production.
/// </summary>
public static class GatewayApplication
{
    /// <summary>
    /// Per-caller limits far above what a benchmark sends: a bench is one caller (one token), and the production
    /// defaults (200 calls/s, 64 at once) would measure the limiter, not the proxying.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> RaisedLimits { get; } = new Dictionary<string, string?>
    {
        ["Gateway:Limits:RequestsPerSecond"] = "1000000",
        ["Gateway:Limits:Burst"] = "1000000",
        ["Gateway:Limits:ConcurrentCalls"] = "100000",
    };

    /// <summary>Service defaults, the proxy, StatusService and the dashboard and their endpoints on the given builder.</summary>
    public static WebApplication Build(WebApplicationBuilder builder) => Build(builder, SuiteBackends.All);

    /// <summary>The same wiring in front of other backends (a test adds one of its own to the suite's).</summary>
    public static WebApplication Build(WebApplicationBuilder builder, IEnumerable<SuiteBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        builder.AddSuiteGateway(backends);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapSuiteGateway();
        return app;
    }

    /// <summary>
    /// Starts the gateway on a free 127.0.0.1 port with the given settings (backend addresses, connection strings),
    /// logging warnings and worse; <paramref name="configure"/> may adjust the builder further.
    /// </summary>
    public static Task<WebApplication> StartOnLoopbackAsync(IReadOnlyDictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null) =>
        InProcessHost.StartOnLoopbackAsync(settings, Build, configure);
}
