using System.Runtime.CompilerServices;

namespace RelicSecurity.Grpc;

/// <summary>Status, headers and trailers of a client call in progress.</summary>
internal interface IClientCallState : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}

/// <summary>What every client call offers whatever its type: headers, final status, trailers, cancellation.</summary>
public abstract class ClientCall : IDisposable
{
    private readonly IClientCallState _state;

    private protected ClientCall(IClientCallState state) => _state = state;

    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;

    /// <summary>The final status; throws until the call has finished.</summary>
    public Status GetStatus() => _state.GetStatus();

    /// <summary>The trailers; throws until the call has finished.</summary>
    public Metadata GetTrailers() => _state.GetTrailers();

    /// <summary>Cancels the call if it is still running (the server sees the stream reset).</summary>
    public void Dispose()
    {
        _state.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A unary call: await it (or <see cref="ResponseAsync"/>) for the response.</summary>
public sealed class AsyncUnaryCall<TResponse> : ClientCall
{
    internal AsyncUnaryCall(Task<TResponse> responseAsync, IClientCallState state) : base(state) => ResponseAsync = responseAsync;

    public Task<TResponse> ResponseAsync { get; }

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();
}

/// <summary>A server streaming call: read <see cref="ResponseStream"/> to the end.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : ClientCall
{
    internal AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, IClientCallState state) : base(state) =>
        ResponseStream = responseStream;

    public IAsyncStreamReader<TResponse> ResponseStream { get; }
}

/// <summary>A client streaming call: write to <see cref="RequestStream"/>, complete it, await the response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : ClientCall
{
    internal AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, IClientCallState state)
        : base(state)
    {
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public Task<TResponse> ResponseAsync { get; }

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();
}

/// <summary>A bidirectional call: write requests and read responses independently.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : ClientCall
{
    internal AsyncDuplexStreamingCall(IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream,
        IClientCallState state) : base(state)
    {
        RequestStream = requestStream;
        ResponseStream = responseStream;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }
}
