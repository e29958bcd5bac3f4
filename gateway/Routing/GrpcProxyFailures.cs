using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace RelicSecurity.Gateway.Routing;

/// <summary>
/// YARP answers a backend that is down, or fails before sending headers, with a bare HTTP 502.
/// gRPC callers expect a status: this answers such failures trailers-only with UNAVAILABLE (safe to
/// retry), naming the backend. Failures after the response started are left to YARP (it resets
/// the stream, which clients also report as UNAVAILABLE).
/// </summary>
public static partial class GrpcProxyFailures
{
    public const int Unavailable = 14;

    public static async Task HandleAsync(HttpContext context, Func<Task> next, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next();

        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted || error.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled)
        {
            return;
        }

        var backend = context.GetReverseProxyFeature().Cluster.Config.ClusterId.Replace(ProxyConfigFactory.StreamingSuffix, "", StringComparison.Ordinal);
        LogBackendFailed(logger, backend, error.Error, context.Request.Path, error.Exception);

        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = Unavailable.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = PercentEncode($"backend '{backend}' is unavailable ({error.Error}); retry later");
    }

    /// <summary>grpc-message is percent-encoded UTF-8: bytes outside 0x20–0x7E and '%' itself.</summary>
    public static string PercentEncode(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var builder = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backend {Backend} failed ({Error}) for {Path}; answered UNAVAILABLE")]
    private static partial void LogBackendFailed(ILogger logger, string backend, ForwarderError error, PathString path, Exception? exception);
}
