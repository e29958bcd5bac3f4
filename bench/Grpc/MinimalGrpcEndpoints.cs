using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RelicSecurity.Interop.V1;

namespace RelicSecurity.Bench.Grpc;

/// <summary>
/// A second, more realistic ceiling: what any gRPC server on Kestrel must do at the least — an
/// endpoint per method through routing, parse the framed protobuf request, build and serialize the
/// response, grpc-status trailer — and nothing else (no deadlines, metadata, compression, limits,
/// status mapping, interceptors, DI). It tells how much of the gap to raw Kestrel is inherent.
/// </summary>
public static class MinimalGrpcEndpoints
{
    public static void MapMinimalGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/relic.interop.v1.InteropService/Echo", async context =>
        {
            var request = await ReadAsync(context.Request.BodyReader, EchoRequest.Parser, context.RequestAborted);
            context.Response.ContentType = "application/grpc";
            Write(context.Response.BodyWriter, new EchoResponse { Text = request.Text, Payload = request.Payload });
            context.Response.AppendTrailer("grpc-status", "0");
        });
        endpoints.MapPost("/relic.interop.v1.InteropService/ServerStream", async context =>
        {
            var request = await ReadAsync(context.Request.BodyReader, StreamRequest.Parser, context.RequestAborted);
            context.Response.ContentType = "application/grpc";
            var payload = ByteString.CopyFrom(new byte[request.Size]);
            for (var i = 0; i < request.Count; i++)
            {
                Write(context.Response.BodyWriter, new EchoResponse { Index = i, Payload = payload });
                await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            }

            context.Response.AppendTrailer("grpc-status", "0");
        });
    }

    private static async Task<T> ReadAsync<T>(PipeReader reader, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                var buffer = result.Buffer;
                Span<byte> prefix = stackalloc byte[5];
                buffer.Slice(0, 5).CopyTo(prefix);
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
                var message = parser.ParseFrom(buffer.Slice(5, length));
                reader.AdvanceTo(buffer.End);
                return message;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static void Write(PipeWriter writer, IMessage message)
    {
        var size = message.CalculateSize();
        var span = writer.GetSpan(5 + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
        message.WriteTo(span.Slice(5, size));
        writer.Advance(5 + size);
    }
}
