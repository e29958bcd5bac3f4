using System.Net;

namespace RelicSecurity.Grpc.Client;

/// <summary>The single framed request of a unary or server streaming call (bytes kept for retries).</summary>
internal sealed class FramedRequestContent : HttpContent
{
    private readonly byte[] _frame;

    public FramedRequestContent(byte[] frame)
    {
        _frame = frame;
        Headers.ContentType = GrpcChannel.ContentTypeHeader;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_frame).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_frame, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>
/// A request body the caller writes into while the call runs: HttpClient hands over the request stream,
/// writers use it, completing ends the body (END_STREAM).
/// </summary>
internal sealed class PushStreamContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PushStreamContent() => Headers.ContentType = GrpcChannel.ContentTypeHeader;

    public Task<Stream> StreamAsync => _stream.Task;

    public void Complete() => _complete.TrySetResult();

    public void Abort(Exception exception)
    {
        _stream.TrySetException(exception);
        _complete.TrySetException(exception);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        _stream.TrySetResult(stream);
        return _complete.Task;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
