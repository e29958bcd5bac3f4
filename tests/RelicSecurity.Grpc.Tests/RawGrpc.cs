using System.Buffers.Binary;
using Google.Protobuf;

namespace RelicSecurity.Grpc.Tests;

/// <summary>Hand-made gRPC requests over HttpClient, for checks our own client would never produce.</summary>
internal static class RawGrpc
{
    public static byte[] Frame(IMessage message, byte flag = 0)
    {
        var body = message.ToByteArray();
        return Frame(body, flag);
    }

    public static byte[] Frame(byte[] body, byte flag = 0, uint? declaredLength = null)
    {
        var frame = new byte[5 + body.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }

    public static HttpRequestMessage Request(Uri server, string path, byte[] body, string contentType = "application/grpc")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Version = new Version(2, 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    /// <summary>grpc-status from the headers (trailers-only) or, after the body was read, the trailers.</summary>
    public static string? Status(HttpResponseMessage response) =>
        response.Headers.TryGetValues("grpc-status", out var values) ? values.Single()
        : response.TrailingHeaders.TryGetValues("grpc-status", out var trailers) ? trailers.Single()
        : null;

    public static string? Message(HttpResponseMessage response) =>
        response.Headers.TryGetValues("grpc-message", out var values) ? values.Single()
        : response.TrailingHeaders.TryGetValues("grpc-message", out var trailers) ? trailers.Single()
        : null;
}
