using System.Security.Claims;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;

namespace RelicSecurity.Grpc.Testing;

/// <summary>
/// A <see cref="ServerCallContext"/> for unit tests that call a service's handler methods directly
/// (no server, no network): set headers, user, deadline and token; read back trailers and status.
/// </summary>
public sealed class TestServerCallContext : ServerCallContext
{
    private readonly HttpContext _httpContext;

    public TestServerCallContext(
        MethodDescriptor method,
        Metadata? requestHeaders = null,
        ClaimsPrincipal? user = null,
        DateTime? deadline = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        MethodDefinition = new DescriptorMethod(method);
        RequestHeaders = requestHeaders ?? [];
        Deadline = deadline ?? DateTime.MaxValue;
        CancellationToken = cancellationToken;
        _httpContext = new DefaultHttpContext { User = user ?? new ClaimsPrincipal(new ClaimsIdentity()) };
    }

    public override string Method => MethodDefinition.FullName;

    public override IMethod MethodDefinition { get; }

    public override string Host => "localhost";

    public override string Peer => "ipv4:127.0.0.1:0";

    public override DateTime Deadline { get; }

    public override Metadata RequestHeaders { get; }

    public override CancellationToken CancellationToken { get; }

    public override Metadata ResponseTrailers { get; } = [];

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override ClaimsPrincipal User => _httpContext.User;

    public override IDictionary<object, object?> UserState { get; } = new Dictionary<object, object?>();

    public override string? ResponseCompression { get; set; }

    public override object? RequestMessage => null;

    /// <summary>The headers passed to <see cref="WriteResponseHeadersAsync"/>, if it was called.</summary>
    public Metadata? ResponseHeaders { get; private set; }

    public override Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        if (ResponseHeaders is not null)
        {
            throw new InvalidOperationException("Response headers were already sent.");
        }

        ResponseHeaders = responseHeaders;
        return Task.CompletedTask;
    }

    public override HttpContext GetHttpContext() => _httpContext;

    private sealed class DescriptorMethod(MethodDescriptor descriptor) : IMethod
    {
        public MethodType Type { get; } = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };

        public string ServiceName => descriptor.Service.FullName;

        public string Name => descriptor.Name;

        public string FullName => "/" + descriptor.Service.FullName + "/" + descriptor.Name;

        public MethodDescriptor Descriptor => descriptor;

        public bool IsIdempotent => false;
    }
}
