using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RelicSecurity.Gateway.Dashboard;

/// <summary>
/// The page's files, embedded in the gateway's assembly (no content root to find at run time, no CDN: the suite's
/// network may be loopback only). They carry no data, so they are served without a token; the data endpoints are not.
/// </summary>
internal static class DashboardAssets
{
    private const string ResourcePrefix = "dashboard/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder routes, string host)
    {
        routes.MapGet("/", context => WriteAsync(context, "index.html")).RequireHost(host).AllowAnonymous().DisableRateLimiting();
        routes.MapGet("/assets/{name}", context => WriteAsync(context, (string)context.Request.RouteValues["name"]!))
            .RequireHost(host).AllowAnonymous().DisableRateLimiting();
    }

    private static async Task WriteAsync(HttpContext context, string name)
    {
        var extension = Path.GetExtension(name);
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null || !ContentTypes.TryGetValue(extension, out var contentType))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        // The page loads nothing from elsewhere and is framed by nobody.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
