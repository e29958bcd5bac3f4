using Microsoft.AspNetCore.Builder;
using RelicSecurity.Cases.Persistence;
using RelicSecurity.ServiceDefaults;

namespace RelicSecurity.Cases.Extensions;

/// <summary>
/// The Cases service's whole wiring, for Program.cs and for everything that runs the real service in-process
/// (tests, the benchmark), so none of them can drift from production.
/// </summary>
public static class CasesApplication
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        builder.AddCasesService();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapCasesService();
        return app;
    }

    /// <summary>
    /// Starts the service on a free 127.0.0.1 port against the given database, broker and Sites address, logging
    /// warnings and worse; <paramref name="configure"/> may adjust the builder further (e.g. trust test tokens).
    /// </summary>
    public static Task<WebApplication> StartOnLoopbackAsync(string database, string eventBus, string sitesAddress,
        Action<WebApplicationBuilder>? configure = null) =>
        InProcessHost.StartOnLoopbackAsync(
            new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{CasesDatabase.ConnectionName}"] = database,
                ["ConnectionStrings:eventbus"] = eventBus,
                [$"Services:{CasesServiceExtensions.SitesServiceKey}"] = sitesAddress,
            },
            Build, configure);
}
