using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;
using RelicSecurity.Grpc.Internal;

namespace RelicSecurity.Grpc.Client;

/// <summary>
/// One client call. Validation order of a response (GRPC-NOTES): grpc-status in the headers (trailers-only)
/// wins; else a non-200 HTTP status maps to a gRPC status; else the content-type must be gRPC; then
/// messages; then the status from the trailers, and without one CANCELLED "No grpc-status".
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse> : IClientCallState, IAsyncStreamReader<TResponse>, IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _token;
    private readonly CancellationTokenSource? _deadlineCts;
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTime? _deadline;
    private HttpResponseMessage? _response;
    private ResponseFrameReader? _reader;
    private bool _responseGzip;
    private Status? _status;
    private Metadata? _trailers;
    private TResponse? _current;
    private Task? _startTask;
    private PushStreamContent? _requestContent;
    private readonly SemaphoreSlim? _writeLock;
    private bool _requestCompleted;
    private int _disposed;

    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _deadline = options.Deadline is { } d && d != DateTime.MaxValue ? d.ToUniversalTime() : null;
        // The deadline has a source of its own, so a cancellation can be told apart from the caller's:
        // the timer may fire a little before DateTime.UtcNow reaches the deadline.
        if (_deadline is { } deadline)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining > TimeSpan.Zero && remaining < GrpcProtocol.MaxTimerDue)
            {
                _deadlineCts = new CancellationTokenSource(remaining);
            }
        }

        _cts = CancellationTokenSource.CreateLinkedTokenSource(
            options.CancellationToken, _deadlineCts?.Token ?? CancellationToken.None, channel.DisposalToken);
        _token = _cts.Token;
        // The token given to SendAsync only covers sending and the response headers; once the body streams,
        // HttpClient resets the HTTP/2 stream only when the response is disposed. Doing that on cancellation
        // lets the server's token fire even when nobody is reading.
        _token.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).OnCancelled(), this);

        if (method.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming)
        {
            _writeLock = new SemaphoreSlim(1, 1);
        }
    }

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    public TResponse Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    private bool Idempotent => _method.IsIdempotent || _options.IsIdempotent;

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not finished; its status is not known yet.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not finished; its trailers are not known yet.");

    // ---- unary -------------------------------------------------------------------------------

    public async Task<TResponse> UnaryAsync(TRequest request)
    {
        try
        {
            var frame = Frame(request);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await SendAsync(new FramedRequestContent(frame)).ConfigureAwait(false);
                    var message = await ReadMessageAsync(_token).ConfigureAwait(false);
                    if (message is not null && await ReadMessageAsync(_token).ConfigureAwait(false) is not null)
                    {
                        throw Fail(new Status(StatusCode.Internal, "Response stream carried more than one message for a single-response method."));
                    }

                    ThrowIfNotOk();
                    return message ?? throw Fail(new Status(StatusCode.Internal, "Response stream ended without a response message."));
                }
                catch (RpcException ex) when (CanRetry(ex, attempt, out var delay))
                {
                    ResetForRetry();
                    if (!await DelayAsync(delay).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
            }
        }
        finally
        {
            Finish();
        }
    }

    // ---- server streaming ----------------------------------------------------------------------

    public void StartServerStreaming(TRequest request) => _startTask = StartServerStreamingAsync(request);

    private async Task StartServerStreamingAsync(TRequest request)
    {
        var frame = Frame(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SendAsync(new FramedRequestContent(frame)).ConfigureAwait(false);
                return;
            }
            catch (RpcException ex) when (CanRetry(ex, attempt, out var delay))
            {
                ResetForRetry();
                if (!await DelayAsync(delay).ConfigureAwait(false))
                {
                    throw;
                }
            }
        }
    }

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        try
        {
            await _startTask!.WaitAsync(cancellationToken).ConfigureAwait(false);
            var message = cancellationToken.CanBeCanceled
                ? await ReadWithTokenAsync(cancellationToken).ConfigureAwait(false)
                : await ReadMessageAsync(_token).ConfigureAwait(false);
            if (message is not null)
            {
                _current = message;
                return true;
            }

            ThrowIfNotOk();
            Finish();
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Dispose();
            throw Fail(new Status(StatusCode.Cancelled, "Reading the response stream was cancelled."));
        }
        catch
        {
            Finish();
            throw;
        }
    }

    private async ValueTask<TResponse?> ReadWithTokenAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _token);
        return await ReadMessageAsync(linked.Token).ConfigureAwait(false);
    }

    // ---- client / duplex streaming ---------------------------------------------------------------

    public void StartRequestStreaming()
    {
        _requestContent = new PushStreamContent();
        _startTask = SendAsync(_requestContent);
    }

    public async Task<TResponse> ClientStreamingResponseAsync()
    {
        try
        {
            await _startTask!.ConfigureAwait(false);
            var message = await ReadMessageAsync(_token).ConfigureAwait(false);
            if (message is not null && await ReadMessageAsync(_token).ConfigureAwait(false) is not null)
            {
                throw Fail(new Status(StatusCode.Internal, "Response stream carried more than one message for a single-response method."));
            }

            ThrowIfNotOk();
            return message ?? throw Fail(new Status(StatusCode.Internal, "Response stream ended without a response message."));
        }
        finally
        {
            Finish();
        }
    }

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var content = _requestContent ?? throw new InvalidOperationException("This call has no request stream.");
        await _writeLock!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_requestCompleted)
            {
                throw new InvalidOperationException("The request stream was already completed.");
            }

            ThrowIfFinishedWithError();
            if (_status is not null)
            {
                throw new InvalidOperationException("The call has already finished; the server is not reading requests any more.");
            }

            using var buffer = new PooledBufferWriter();
            MessageCodec.WriteFrame(buffer, message, _channel.Options.MaxSendMessageSize ?? int.MaxValue, _channel.SendGzip, "Request");
            try
            {
                var stream = await content.StreamAsync.WaitAsync(_token).ConfigureAwait(false);
                using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _token) : null;
                var token = linked?.Token ?? _token;
                await stream.WriteAsync(buffer.WrittenMemory, token).ConfigureAwait(false);
                await stream.FlushAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                ThrowIfFinishedWithError();
                throw MapException(ex);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task CompleteAsync()
    {
        var content = _requestContent ?? throw new InvalidOperationException("This call has no request stream.");
        await _writeLock!.WaitAsync().ConfigureAwait(false);
        try
        {
            _requestCompleted = true;
            content.Complete();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // ---- shared ----------------------------------------------------------------------------------

    private byte[] Frame(TRequest request)
    {
        using var buffer = new PooledBufferWriter();
        MessageCodec.WriteFrame(buffer, request, _channel.Options.MaxSendMessageSize ?? int.MaxValue, _channel.SendGzip, "Request");
        return buffer.WrittenSpan.ToArray();
    }

    private async Task SendAsync(HttpContent content)
    {
        if (_deadline is { } deadline && deadline <= DateTime.UtcNow)
        {
            // Already late: fail here without sending anything.
            throw Fail(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded before the call was sent."));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetUri(_method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation("user-agent", _channel.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (_channel.SendGzip)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, GrpcProtocol.GzipEncoding);
        }

        if (_deadline is { } due)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcProtocol.FormatTimeout(due - DateTime.UtcNow));
        }

        if (_options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                if (!GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    headers.TryAddWithoutValidation(entry.Key, GrpcProtocol.MetadataValue(entry));
                }
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await _channel.Invoker.SendAsync(request, _token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw MapException(ex);
        }

        _response = response;
        if (_token.IsCancellationRequested)
        {
            // Cancelled between the headers and here: the callback found no response to reset.
            response.Dispose();
            throw MapException(new OperationCanceledException(_token));
        }

        ValidateHeaders(response);
        if (_status is null)
        {
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(_token).ConfigureAwait(false);
                _reader = new ResponseFrameReader(stream);
            }
            catch (Exception ex)
            {
                throw MapException(ex);
            }
        }
        else
        {
            ThrowIfNotOk();
        }
    }

    private void ValidateHeaders(HttpResponseMessage response)
    {
        var headers = response.Headers;
        if (headers.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            // Trailers-only: the headers are the trailers and their status wins over everything else.
            var trailers = ReadMetadata(headers);
            _headers.TrySetResult(trailers);
            SetStatus(ParseStatus(statusValues.FirstOrDefault(), headers), trailers);
            return;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = GrpcProtocol.StatusFromHttpStatus((int)response.StatusCode);
            throw Fail(new Status(code, $"Bad gRPC response: HTTP status {(int)response.StatusCode} {response.ReasonPhrase}."));
        }

        var contentType = response.Content.Headers.TryGetValues("Content-Type", out var types) ? types.FirstOrDefault() : null;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw Fail(new Status(StatusCode.Internal, $"Bad gRPC response: content-type '{contentType}' is not application/grpc."));
        }

        if (headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings))
        {
            var encoding = encodings.FirstOrDefault();
            if (encoding == GrpcProtocol.GzipEncoding)
            {
                _responseGzip = true;
            }
            else if (encoding is not null && encoding != GrpcProtocol.IdentityEncoding)
            {
                throw Fail(new Status(StatusCode.Internal, $"Response uses unsupported grpc-encoding '{encoding}'."));
            }
        }

        _headers.TrySetResult(ReadMetadata(headers));
    }

    private async ValueTask<TResponse?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        if (_status is not null)
        {
            return null;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // The reader may still hold frames buffered before the reset; a cancelled call yields none of them.
            throw MapException(new OperationCanceledException(cancellationToken));
        }

        (bool Compressed, ReadOnlyMemory<byte> Payload)? frame;
        try
        {
            frame = await _reader!.ReadFrameAsync(_channel.Options.MaxReceiveMessageSize, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // Limits and framing errors are ours: stop the stream, report the status.
            throw Fail(ex.Status);
        }
        catch (Exception ex)
        {
            throw MapException(ex);
        }

        if (frame is not { } value)
        {
            ReadTrailers();
            return null;
        }

        try
        {
            return MessageCodec.Parse(_method.ResponseParser, new System.Buffers.ReadOnlySequence<byte>(value.Payload), value.Compressed,
                _responseGzip ? GrpcProtocol.GzipEncoding : null, _channel.Options.MaxReceiveMessageSize, "Response");
        }
        catch (RpcException ex)
        {
            throw Fail(ex.Status);
        }
    }

    private void ReadTrailers()
    {
        var trailing = _response!.TrailingHeaders;
        var trailers = ReadMetadata(trailing);
        if (trailing.TryGetValues(GrpcProtocol.StatusHeader, out var values))
        {
            SetStatus(ParseStatus(values.FirstOrDefault(), trailing), trailers);
        }
        else
        {
            SetStatus(new Status(StatusCode.Cancelled, "No grpc-status found on response."), trailers);
        }
    }

    private static Status ParseStatus(string? value, HttpHeaders headers)
    {
        var message = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages)
            ? GrpcProtocol.PercentDecode(messages.FirstOrDefault())
            : "";
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            return new Status(StatusCode.Unknown, $"Unexpected grpc-status '{value}'. {message}".TrimEnd());
        }

        return new Status((StatusCode)code, message);
    }

    private static Metadata ReadMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers.NonValidated)
        {
            if (!GrpcProtocol.IsReservedHeader(name))
            {
                GrpcProtocol.TryAddMetadata(metadata, name, values);
            }
        }

        return metadata;
    }

    private void SetStatus(Status status, Metadata trailers)
    {
        _status ??= status;
        _trailers ??= trailers;
    }

    private void ThrowIfNotOk()
    {
        if (_status is { } status && status.StatusCode != StatusCode.OK)
        {
            throw new RpcException(status, _trailers ?? []);
        }
    }

    private void ThrowIfFinishedWithError()
    {
        if (_status is { StatusCode: not StatusCode.OK })
        {
            ThrowIfNotOk();
        }
    }

    /// <summary>Records a locally decided status, cancels the HTTP stream and returns the exception to throw.</summary>
    private RpcException Fail(Status status, bool cancel = true)
    {
        SetStatus(status, []);
        if (cancel)
        {
            CancelCall();
        }

        var exception = new RpcException(_status!.Value, _trailers!);
        _headers.TrySetException(exception);
        return exception;
    }

    private RpcException MapException(Exception exception)
    {
        if (exception is RpcException rpc)
        {
            return rpc;
        }

        if (_deadlineCts is { IsCancellationRequested: true }
            || (_deadline is { } deadline && DateTime.UtcNow >= deadline && (exception is OperationCanceledException || _cts.IsCancellationRequested)))
        {
            return Fail(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."));
        }

        if (_options.CancellationToken.IsCancellationRequested)
        {
            return Fail(new Status(StatusCode.Cancelled, "The call was cancelled by the caller."));
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return Fail(new Status(StatusCode.Cancelled, "The call was disposed."));
        }

        if (_channel.DisposalToken.IsCancellationRequested)
        {
            return Fail(new Status(StatusCode.Cancelled, "The channel was disposed."));
        }

        // A stream the server finished with a status while we still wrote: that status is the answer.
        if (_status is { } known)
        {
            return new RpcException(known, _trailers ?? []);
        }

        return exception switch
        {
            _ when TransportErrorStatus.IsTransportFailure(exception) =>
                Fail(TransportErrorStatus.From(exception, _channel.Address), cancel: false),
            OperationCanceledException => Fail(new Status(StatusCode.Cancelled, "The call was cancelled.")),
            ObjectDisposedException => Fail(new Status(StatusCode.Cancelled, "The channel was disposed.")),
            _ => Fail(new Status(StatusCode.Internal, $"Error in the gRPC call: {exception.GetType().Name}: {exception.Message}")),
        };
    }

    private bool CanRetry(RpcException exception, int attempt, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        var policy = _channel.Options.Retry;
        if (exception.StatusCode != StatusCode.Unavailable || !Idempotent || policy is null || attempt >= policy.MaxAttempts
            || _cts.IsCancellationRequested || Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        delay = policy.Backoff(attempt);
        return _deadline is not { } deadline || DateTime.UtcNow + delay < deadline;
    }

    private async ValueTask<bool> DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }

    private void ResetForRetry()
    {
        _reader?.Dispose();
        _reader = null;
        _response?.Dispose();
        _response = null;
        _status = null;
        _trailers = null;
        _responseGzip = false;
    }

    /// <summary>Releases the response once the call's outcome is known.</summary>
    private void Finish()
    {
        _reader?.Dispose();
        _reader = null;
        _response?.Dispose();
        _response = null;
        if (_status is null)
        {
            _status = new Status(StatusCode.Cancelled, "The call ended before its status arrived.");
            _trailers ??= [];
        }

        _headers.TrySetException(new RpcException(_status.Value, _trailers ?? []));
        ReleaseTokens();
    }

    /// <summary>
    /// Runs when the call's token fires (caller, deadline, disposal of the call or channel): resets the HTTP/2
    /// stream by disposing the response (RST_STREAM CANCEL while it is still open), aborts the request body and
    /// fails a pending ResponseHeadersAsync. The status itself is decided by whoever reads or writes next.
    /// </summary>
    private void OnCancelled()
    {
        // Only the response, not the frame reader: a read in progress may still be using the reader's buffer.
        _response?.Dispose();
        var status = _deadlineCts is { IsCancellationRequested: true }
            ? new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.")
            : _options.CancellationToken.IsCancellationRequested
                ? new Status(StatusCode.Cancelled, "The call was cancelled by the caller.")
                : Volatile.Read(ref _disposed) != 0
                    ? new Status(StatusCode.Cancelled, "The call was disposed.")
                    : _channel.DisposalToken.IsCancellationRequested
                        ? new Status(StatusCode.Cancelled, "The channel was disposed.")
                        : new Status(StatusCode.Cancelled, "The call was cancelled.");
        var exception = new RpcException(_status ?? status, _trailers ?? []);
        _requestContent?.Abort(exception);
        _headers.TrySetException(exception);
    }

    private void CancelCall()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call already finished and released its tokens.
        }
    }

    /// <summary>
    /// Disposes the linked source (it holds a registration on the caller's token, which may live for the
    /// whole application) and the deadline timer (which would otherwise keep this call alive until it fires).
    /// </summary>
    private void ReleaseTokens()
    {
        _cts.Dispose();
        _deadlineCts?.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_status is null)
        {
            // Still running: reset the HTTP/2 stream so the server's token fires.
            CancelCall();
            SetStatus(new Status(StatusCode.Cancelled, "The call was disposed."), []);
            _requestContent?.Abort(new RpcException(_status!.Value));
        }

        // Also when the status is already known locally (e.g. a limit we enforced) but the stream may be open.
        _response?.Dispose();

        _headers.TrySetException(new RpcException(_status!.Value, _trailers ?? []));
        ReleaseTokens();
    }
}
