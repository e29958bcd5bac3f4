using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.Gateway.Status.Store;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Gateway.Dashboard;

/// <summary>
/// The page's data: the national status as JSON, and its changes as server-sent events. Both need the caller's bearer
/// token and the same status.read policy as StatusService; what they show is cut to the caller's reach
/// (<see cref="DashboardStatusQuery"/>). They read the gateway's own projection, so no call reaches a service.
/// </summary>
internal static class DashboardStatusEndpoints
{
    /// <summary>A comment line this often keeps idle connections (and any proxy between) from timing the stream out.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static void Map(IEndpointRouteBuilder routes, string host)
    {
        routes.MapGet("/api/status", ReadAsync).RequireHost(host).RequireAuthorization(SuitePolicies.StatusRead);
        // The stream holds no rate-limit permit: it would count against the caller's open calls for as long as the page is open.
        routes.MapGet("/api/status/events", StreamAsync).RequireHost(host).RequireAuthorization(SuitePolicies.StatusRead).DisableRateLimiting();
    }

    private static async Task ReadAsync(HttpContext context)
    {
        var caller = Caller.From(context.User);
        var national = await context.RequestServices.GetRequiredService<DashboardStatusQuery>().NationalAsync(caller);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new StringBuilder();
        body.Append("{\"caller\":");
        body.Append(System.Text.Json.JsonSerializer.Serialize(new DashboardCaller(caller.Subject, caller.Role, caller.RestrictedToProvince),
            DashboardJson.Default.DashboardCaller));
        body.Append(",\"status\":").Append(Json.Format(national)).Append('}');
        await context.Response.WriteAsync(body.ToString(), context.RequestAborted);
    }

    private static async Task StreamAsync(HttpContext context)
    {
        var caller = Caller.From(context.User);
        var query = context.RequestServices.GetRequiredService<DashboardStatusQuery>();
        var hub = context.RequestServices.GetRequiredService<StatusChangeHub>();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var changed = hub.Watch();
        try
        {
            // Headers and a first line at once, so the page knows it is live before the first change.
            await context.Response.WriteAsync(": watching\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            while (await WaitAsync(changed, context.RequestAborted))
            {
                var text = new StringBuilder();
                while (changed.TryRead(out var province))
                {
                    foreach (var status in await query.ChangedAsync(caller, province))
                    {
                        text.Append("event: province\ndata: ").Append(Json.Format(status)).Append("\n\n");
                    }
                }

                await context.Response.WriteAsync(text.Length > 0 ? text.ToString() : ": still here\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The page went away.
        }
        finally
        {
            hub.Unwatch(changed);
        }
    }

    /// <summary>True when changes are waiting or the keep-alive is due; false once the hub closed the stream (shutdown).</summary>
    private static async Task<bool> WaitAsync(System.Threading.Channels.ChannelReader<string> changed, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(KeepAlive);
        try
        {
            return await changed.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }
}
