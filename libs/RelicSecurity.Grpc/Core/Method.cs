using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RelicSecurity.Grpc;

/// <summary>What a call needs to know about a method, independent of its message types.</summary>
public interface IMethod
{
    MethodType Type { get; }

    /// <summary>Fully qualified service name, e.g. "relic.sites.v1.SiteService".</summary>
    string ServiceName { get; }

    /// <summary>Method name, e.g. "GetSite".</summary>
    string Name { get; }

    /// <summary>The request path, e.g. "/relic.sites.v1.SiteService/GetSite".</summary>
    string FullName { get; }

    /// <summary>protoc's descriptor of the method (options, file, message types).</summary>
    MethodDescriptor Descriptor { get; }

    /// <summary>True when the .proto marks the method idempotency_level = IDEMPOTENT or NO_SIDE_EFFECTS.</summary>
    bool IsIdempotent { get; }
}

/// <summary>
/// A method with its request and response message types. Built by generated code from protoc's
/// <see cref="MethodDescriptor"/>, so the contract exists once: in the .proto file.
/// </summary>
public sealed class Method<TRequest, TResponse> : IMethod
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Method(MethodDescriptor descriptor, MessageParser<TRequest> requestParser, MessageParser<TResponse> responseParser)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(requestParser);
        ArgumentNullException.ThrowIfNull(responseParser);

        // A mismatch here means generated code and protoc output disagree: fail at startup, not per call.
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"Method {descriptor.FullName} takes {descriptor.InputType.ClrType} and returns {descriptor.OutputType.ClrType}, not {typeof(TRequest)} and {typeof(TResponse)}.",
                nameof(descriptor));
        }

        Descriptor = descriptor;
        RequestParser = requestParser;
        ResponseParser = responseParser;
        Type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        ServiceName = descriptor.Service.FullName;
        Name = descriptor.Name;
        FullName = "/" + ServiceName + "/" + Name;
        var level = descriptor.GetOptions()?.IdempotencyLevel ?? MethodOptions.Types.IdempotencyLevel.IdempotencyUnknown;
        IsIdempotent = level is MethodOptions.Types.IdempotencyLevel.Idempotent or MethodOptions.Types.IdempotencyLevel.NoSideEffects;
    }

    public MethodType Type { get; }

    public string ServiceName { get; }

    public string Name { get; }

    public string FullName { get; }

    public MethodDescriptor Descriptor { get; }

    public bool IsIdempotent { get; }

    public MessageParser<TRequest> RequestParser { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    public override string ToString() => FullName;
}
