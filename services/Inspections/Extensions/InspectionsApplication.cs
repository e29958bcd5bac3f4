using Microsoft.AspNetCore.Builder;
using RelicSecurity.ServiceDefaults;

namespace RelicSecurity.Inspections.Extensions;

/// <summary>
/// The Inspections service's whole wiring, in one place for Program.cs and for everything that runs the real
/// service in-process (tests, end-to-end tests), so none of them can drift from production.
/// </summary>
public static class InspectionsApplication
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        builder.AddInspectionsService();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInspectionsService();
        return app;
    }

    /// <summary>
    /// Starts the service on a free 127.0.0.1 port against the given database, broker and Sites address, logging
    /// warnings and worse; <paramref name="configure"/> may adjust the builder further (settings, a fake clock).
    /// </summary>
    public static Task<WebApplication> StartOnLoopbackAsync(string database, string eventBus, string sitesAddress,
        Action<WebApplicationBuilder>? configure = null) =>
        InProcessHost.StartOnLoopbackAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:inspections-db"] = database,
                ["ConnectionStrings:eventbus"] = eventBus,
                ["Services:sites"] = sitesAddress,
            },
            Build, configure);
}
