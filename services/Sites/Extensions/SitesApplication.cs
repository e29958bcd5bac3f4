using Microsoft.AspNetCore.Builder;
using RelicSecurity.ServiceDefaults;

namespace RelicSecurity.Sites.Extensions;

/// <summary>
/// The Sites service's whole wiring, in one place for Program.cs and for everything that runs the real
/// service in-process (tests, end-to-end tests, the benchmark), so none of them can drift from production.
/// </summary>
public static class SitesApplication
{
    /// <summary>Service defaults, SiteService and their endpoints on the given builder.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        builder.AddSitesService();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapSitesService();
        return app;
    }

    /// <summary>
    /// Starts the service on a free 127.0.0.1 port against the given database, Redis and broker, logging
    /// warnings and worse; <paramref name="configure"/> may adjust the builder further.
    /// </summary>
    public static Task<WebApplication> StartOnLoopbackAsync(string database, string redis, string eventBus,
        Action<WebApplicationBuilder>? configure = null) =>
        InProcessHost.StartOnLoopbackAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:sites-db"] = database,
                ["ConnectionStrings:redis"] = redis,
                ["ConnectionStrings:eventbus"] = eventBus,
            },
            Build, configure);
}
