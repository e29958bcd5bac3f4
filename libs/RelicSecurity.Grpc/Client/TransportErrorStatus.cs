using System.Net.Http;
using System.Net.Sockets;

namespace RelicSecurity.Grpc.Client;

/// <summary>
/// Turns a transport failure into the gRPC status a caller should see, following the HTTP/2 error
/// code table of the gRPC protocol (PROTOCOL-HTTP2.md, "Errors"). The distinction matters to callers:
/// UNAVAILABLE is worth retrying, RESOURCE_EXHAUSTED means "slow down", and INTERNAL is a bug.
/// </summary>
internal static class TransportErrorStatus
{
    // HTTP/2 error codes, RFC 9113 section 7.
    private const long NoError = 0x0;
    private const long RefusedStream = 0x7;
    private const long Cancel = 0x8;
    private const long EnhanceYourCalm = 0xb;
    private const long InadequateSecurity = 0xc;

    public static Status From(Exception exception, Uri address)
    {
        var protocolError = Find<HttpProtocolException>(exception);
        var detail = $"Error talking to {address}: {Innermost(exception).Message}";
        if (protocolError is null)
        {
            // No HTTP/2 error code: the connection could not be made or broke (refused, reset, closed).
            return new Status(StatusCode.Unavailable, detail);
        }

        return protocolError.ErrorCode switch
        {
            // The server never processed the stream, so another attempt is safe.
            RefusedStream => new Status(StatusCode.Unavailable, detail),
            Cancel => new Status(StatusCode.Cancelled, detail),
            // Kestrel answers a client that resets streams faster than their handlers finish with
            // ENHANCE_YOUR_CALM (its rapid-reset defence). The caller should back off, not hammer.
            EnhanceYourCalm => new Status(StatusCode.ResourceExhausted, $"The server asked this client to slow down (too many requests, HTTP/2 ENHANCE_YOUR_CALM). {detail}"),
            InadequateSecurity => new Status(StatusCode.PermissionDenied, detail),
            // The table says INTERNAL, but in practice NO_ERROR under a running call is a server that
            // went away gracefully (GOAWAY on shutdown): a transient loss worth retrying, not a bug.
            NoError => new Status(StatusCode.Unavailable, detail),
            _ => new Status(StatusCode.Internal, detail),
        };
    }

    public static bool IsTransportFailure(Exception exception) =>
        exception is HttpRequestException or IOException or SocketException or HttpProtocolException;

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
