using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace RelicSecurity.ServiceDefaults;

/// <summary>
/// How every process of the suite (each service, the gateway) starts in-process for tests and benchmarks: on a free
/// 127.0.0.1 port, with the given settings, logging warnings and worse, wired by its own production Build method.
/// </summary>
public static class InProcessHost
{
    /// <summary>
    /// Starts <paramref name="build"/>'s application; <paramref name="configure"/> runs after the settings and before
    /// the wiring, so it may adjust the builder further (more settings, test tokens, a fake clock, log capture).
    /// </summary>
    public static async Task<WebApplication> StartOnLoopbackAsync(IEnumerable<KeyValuePair<string, string?>> settings,
        Func<WebApplicationBuilder, WebApplication> build, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(build);
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure?.Invoke(builder);
        var app = build(builder);
        await app.StartAsync();
        return app;
    }
}
