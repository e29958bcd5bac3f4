using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RelicSecurity.Bench.Grpc;

/// <summary>
/// The ceiling: plain Kestrel HTTP/2 answering the bench requests with the bytes a gRPC server
/// would send (headers, framed messages, grpc-status trailer) but without parsing, routing or any
/// gRPC layer. It still drains the request body, as every server must.
/// </summary>
public static class RawKestrelEndpoints
{
    private const string EchoPath = "/relic.interop.v1.InteropService/Echo";
    private const string StreamPath = "/relic.interop.v1.InteropService/ServerStream";

    public static void UseRawGrpcLikeResponses(this WebApplication app) => app.Run(async context =>
    {
        var path = context.Request.Path.Value;
        if (path is not (EchoPath or StreamPath))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await DrainAsync(context.Request.BodyReader, context.RequestAborted);
        context.Response.ContentType = "application/grpc";
        var writer = context.Response.BodyWriter;
        if (path == EchoPath)
        {
            await writer.WriteAsync(BenchMessages.EchoResponseFrame, context.RequestAborted);
        }
        else
        {
            // Streaming answers flush each message, as a streaming gRPC server must.
            foreach (var frame in BenchMessages.StreamResponseFrames)
            {
                await writer.WriteAsync(frame, context.RequestAborted);
            }
        }

        context.Response.AppendTrailer("grpc-status", "0");
    });

    private static async Task DrainAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }
}
