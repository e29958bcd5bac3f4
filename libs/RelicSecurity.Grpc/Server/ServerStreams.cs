using Google.Protobuf;

namespace RelicSecurity.Grpc.Server;

internal sealed class HttpRequestStreamReader<T>(HttpServerCallContext call, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken;
        if (cancellationToken.CanBeCanceled && call.CancellationToken.CanBeCanceled && cancellationToken != call.CancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CancellationToken);
            _current = await call.ReadMessageAsync(parser, linked.Token).ConfigureAwait(false);
        }
        else
        {
            _current = await call.ReadMessageAsync(parser, token).ConfigureAwait(false);
        }

        return _current is not null;
    }
}

internal sealed class HttpResponseStreamWriter<T>(HttpServerCallContext call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default) =>
        call.WriteMessageAsync(message, flush: true, cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken);
}
