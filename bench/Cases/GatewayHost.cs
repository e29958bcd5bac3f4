using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.ServiceDefaults;
using RelicSecurity.Testing;

namespace RelicSecurity.Bench.Cases;

/// <summary>The gateway with its production wiring (as gateway/Program.cs), in front of the bench's Sites and Cases.</summary>
public static class GatewayHost
{
    /// <summary>
    /// Per-caller limits far above what the bench sends: the bench is one caller (one token), and the production
    /// default (200 calls/s, 64 at once) would measure the limiter, not the gateway's proxying.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> RaisedLimits { get; } = new Dictionary<string, string?>
    {
        ["Gateway:Limits:RequestsPerSecond"] = "1000000",
        ["Gateway:Limits:Burst"] = "1000000",
        ["Gateway:Limits:ConcurrentCalls"] = "100000",
    };

    public static async Task<WebApplication> StartAsync(string sitesAddress, string casesAddress)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ReverseProxy:Clusters:sites:Destinations:primary:Address"] = sitesAddress;
        builder.Configuration["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = casesAddress;
        foreach (var (key, value) in RaisedLimits)
        {
            builder.Configuration[key] = value;
        }

        TestTokens.Trust(builder.Configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddSuiteGateway();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapSuiteGateway();
        await app.StartAsync();
        return app;
    }
}
