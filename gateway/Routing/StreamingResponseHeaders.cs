using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace RelicSecurity.Gateway.Routing;

/// <summary>
/// YARP 2.1 sends the backend's response headers to the caller only together with the first response
/// message (dotnet/yarp#2520). A caller of a streaming method then cannot tell that its stream is open:
/// a WatchSiteRisk subscriber with no risk change yet, or a bidi client that waits for the server's
/// headers before writing, hangs. For streaming routes this flushes the headers as soon as the backend
/// sent them. Trailers-only answers (grpc-status already in the headers) are left alone: they must
/// reach the caller as one HEADERS frame that ends the stream.
/// </summary>
public static class StreamingResponseHeaders
{
    public static void AddTo(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Route.ClusterId?.EndsWith(ProxyConfigFactory.StreamingSuffix, StringComparison.Ordinal) == true)
        {
            context.AddResponseTransform(FlushAsync);
        }
    }

    static async ValueTask FlushAsync(ResponseTransformContext context)
    {
        var backendResponse = context.ProxyResponse;
        if (backendResponse is null || !context.HeadersCopied || backendResponse.Headers.Contains("grpc-status"))
        {
            return;
        }

        await context.HttpContext.Response.Body.FlushAsync(context.HttpContext.RequestAborted);
    }
}
