using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.ServiceDefaults;
using RelicSecurity.Sites.Extensions;

namespace RelicSecurity.Bench.Sites;

/// <summary>The Sites service with its production wiring on a free loopback port.</summary>
public static class BenchSitesHost
{
    public static async Task<WebApplication> StartAsync(string database, string redis, string eventBus)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:sites-db"] = database;
        builder.Configuration["ConnectionStrings:redis"] = redis;
        builder.Configuration["ConnectionStrings:eventbus"] = eventBus;
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddSitesService();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapSitesService();
        await app.StartAsync();
        return app;
    }
}
