using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;
using RelicSecurity.Testing;

namespace RelicSecurity.Wire.Tests;

/// <summary>
/// gRPC requests put together by hand over HttpClient (HTTP/2 without TLS), for input that a real
/// client library never sends: cut frames, lying length prefixes, bytes that are no protobuf.
/// </summary>
internal static class RawGrpc
{
    public const string GetSitePath = "/relic.sites.v1.SiteService/GetSite";

    /// <summary>A length-prefixed message: flag byte, 4-byte big-endian length (or a false one), body.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> body, uint? announcedLength = null)
    {
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), announcedLength ?? (uint)body.Length);
        body.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    public static HttpRequestMessage Request(Uri server, string path, HttpContent content)
    {
        content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        // Past authentication, so that what is tested is the handling of the body.
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + TestTokens.National());
        return request;
    }

    /// <summary>Sends one unary request body and returns the call's grpc-status and grpc-message.</summary>
    public static async Task<(string? Status, string? Message)> SendAsync(Uri server, string path, byte[] body)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = Request(server, path, new ByteArrayContent(body));
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode} instead of a gRPC answer");
        }

        return (Header(response, "grpc-status"), Header(response, "grpc-message"));
    }

    /// <summary>A gRPC header from the response headers (trailers-only answer) or, once the body is read, the trailers.</summary>
    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single()
        : response.TrailingHeaders.TryGetValues(name, out var trailers) ? trailers.Single()
        : null;
}
