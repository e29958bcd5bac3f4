using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
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
    public static async Task<WebApplication> StartOnLoopbackAsync(string database, string eventBus, string sitesAddress,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[$"ConnectionStrings:{CasesDatabase.ConnectionName}"] = database;
        builder.Configuration["ConnectionStrings:eventbus"] = eventBus;
        builder.Configuration[$"Services:{CasesServiceExtensions.SitesServiceKey}"] = sitesAddress;
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure?.Invoke(builder);
        var app = Build(builder);
        await app.StartAsync();
        return app;
    }
}
