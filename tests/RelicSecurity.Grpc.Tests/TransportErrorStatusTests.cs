using System.Net.Http;
using System.Net.Sockets;
using RelicSecurity.Grpc.Client;
using Shouldly;

namespace RelicSecurity.Grpc.Tests;

/// <summary>The client's mapping of HTTP/2 and socket failures to gRPC status codes (gRPC PROTOCOL-HTTP2 "Errors").</summary>
public sealed class TransportErrorStatusTests
{
    private static readonly Uri Address = new("http://127.0.0.1:5001/");

    [Theory]
    [InlineData(0x7, StatusCode.Unavailable)] // REFUSED_STREAM: never processed, retry is safe
    [InlineData(0x8, StatusCode.Cancelled)] // CANCEL
    [InlineData(0xb, StatusCode.ResourceExhausted)] // ENHANCE_YOUR_CALM: slow down
    [InlineData(0xc, StatusCode.PermissionDenied)] // INADEQUATE_SECURITY
    [InlineData(0x1, StatusCode.Internal)] // PROTOCOL_ERROR
    [InlineData(0x2, StatusCode.Internal)] // INTERNAL_ERROR
    [InlineData(0x3, StatusCode.Internal)] // FLOW_CONTROL_ERROR
    [InlineData(0x0, StatusCode.Unavailable)] // NO_ERROR under a running call: the server went away
    public void Http2_stream_error_codes_map_to_the_grpc_status_the_protocol_names(long errorCode, StatusCode expected)
    {
        // SocketsHttpHandler wraps the protocol error in an HttpRequestException for failures before headers.
        var exception = new HttpRequestException("An error occurred while sending the request.", new HttpProtocolException(errorCode, $"The HTTP/2 server reset the stream. HTTP/2 error code {errorCode:x}.", null));

        var status = TransportErrorStatus.From(exception, Address);

        status.StatusCode.ShouldBe(expected);
        status.Detail.ShouldContain(Address.ToString());
    }

    [Fact]
    public void Enhance_your_calm_tells_the_caller_to_slow_down()
    {
        var status = TransportErrorStatus.From(new HttpProtocolException(0xb, "reset", null), Address);
        status.Detail.ShouldContain("slow down");
    }

    [Fact]
    public void A_refused_connection_is_unavailable_and_names_the_socket_error()
    {
        var exception = new HttpRequestException("Connection refused (127.0.0.1:5001)", new SocketException((int)SocketError.ConnectionRefused));

        var status = TransportErrorStatus.From(exception, Address);

        status.StatusCode.ShouldBe(StatusCode.Unavailable);
        status.Detail.ShouldContain(new SocketException((int)SocketError.ConnectionRefused).Message);
    }

    [Fact]
    public void A_connection_that_ends_midway_is_unavailable()
    {
        TransportErrorStatus.From(new IOException("The response ended prematurely."), Address).StatusCode.ShouldBe(StatusCode.Unavailable);
        TransportErrorStatus.IsTransportFailure(new IOException("x")).ShouldBeTrue();
        TransportErrorStatus.IsTransportFailure(new InvalidOperationException("x")).ShouldBeFalse();
    }
}
