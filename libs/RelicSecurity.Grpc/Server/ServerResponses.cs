using Microsoft.AspNetCore.Http;
using RelicSecurity.Grpc.Internal;

namespace RelicSecurity.Grpc.Server;

/// <summary>Answers to requests that are not valid gRPC calls, before any handler runs.</summary>
internal static class ServerResponses
{
    /// <summary>False (and the response written) when the request is not HTTP/2 gRPC.</summary>
    public static bool CheckRequest(HttpContext http)
    {
        var request = http.Request;
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            Reject(http, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported; gRPC requests use application/grpc.");
            return false;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            Reject(http, StatusCodes.Status426UpgradeRequired,
                $"Request protocol '{request.Protocol}' is not supported; gRPC needs HTTP/2.");
            http.Response.Headers.Connection = "Upgrade";
            http.Response.Headers.Upgrade = "h2c";
            return false;
        }

        return true;
    }

    /// <summary>UNIMPLEMENTED, trailers-only, for a gRPC request to a method nobody mapped.</summary>
    public static Task WriteUnimplementedAsync(HttpContext http, string detail)
    {
        if (!CheckRequest(http))
        {
            return Task.CompletedTask;
        }

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
        response.Headers[GrpcProtocol.StatusHeader] = GrpcProtocol.StatusString(StatusCode.Unimplemented);
        response.Headers[GrpcProtocol.MessageHeader] = GrpcProtocol.PercentEncode(detail);
        return Task.CompletedTask;
    }

    private static void Reject(HttpContext http, int httpStatus, string detail)
    {
        var response = http.Response;
        response.StatusCode = httpStatus;
        response.Headers[GrpcProtocol.StatusHeader] = GrpcProtocol.StatusString(StatusCode.Internal);
        response.Headers[GrpcProtocol.MessageHeader] = GrpcProtocol.PercentEncode(detail);
    }
}
