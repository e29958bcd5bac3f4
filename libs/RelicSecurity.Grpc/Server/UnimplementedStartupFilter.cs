using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using RelicSecurity.Grpc.Internal;

namespace RelicSecurity.Grpc.Server;

/// <summary>
/// Answers gRPC requests that matched no endpoint with UNIMPLEMENTED (trailers-only). It is the last
/// middleware of the pipeline instead of a catch-all "{service}/{method}" route, because a parameterized
/// route would be a routing candidate for every gRPC path and cost route-value allocations on each call.
/// </summary>
internal sealed class UnimplementedStartupFilter(GrpcServiceRegistry registry) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Run(context =>
        {
            if (!GrpcProtocol.IsGrpcContentType(context.Request.ContentType) || context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            var path = context.Request.Path.Value ?? "";
            var slash = path.IndexOf('/', 1);
            var service = slash > 1 ? path[1..slash] : path.TrimStart('/');
            var method = slash > 1 ? path[(slash + 1)..] : "";
            var known = registry.Services.Any(s => s.FullName == service);
            var detail = known
                ? $"Method '{method}' is not implemented by service '{service}'."
                : $"Service '{service}' is not implemented on this server.";
            return ServerResponses.WriteUnimplementedAsync(context, detail);
        });
    };
}
