using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Google.Protobuf;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Primitives;
using RelicSecurity.Grpc.Internal;

namespace RelicSecurity.Grpc.Server;

/// <summary>
/// One server call on one HTTP/2 stream: reads framed requests, writes framed responses, owns the
/// deadline and the status. Every write goes through <see cref="WriteLock"/> when a deadline exists,
/// because the deadline timer may answer DEADLINE_EXCEEDED while the handler is still writing.
/// </summary>
internal sealed class HttpServerCallContext : ServerCallContext
{
    private static readonly StringValues ContentTypeValue = new(GrpcProtocol.ContentType);
    private static readonly StringValues AcceptEncodingValue = new(GrpcProtocol.SupportedEncodings);
    private static readonly StringValues GzipValue = new(GrpcProtocol.GzipEncoding);

    private readonly HttpContext _http;
    private readonly IMethod _method;
    private readonly ResolvedMethodOptions _options;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Dictionary<object, object?>? _userState;
    private string? _requestEncoding;
    private string? _responseCompression;
    private CancellationToken _cancellationToken;
    private DateTime _deadline = DateTime.MaxValue;
    // Allocated only for calls with a deadline: keeps the common call object small.
    private DeadlineState? _deadlineState;
    private bool _headersSent;
    private bool _completed;
    private volatile bool _deadlineExceeded;

    public HttpServerCallContext(HttpContext http, IMethod method, ResolvedMethodOptions options)
    {
        _http = http;
        _method = method;
        _options = options;
        _cancellationToken = http.RequestAborted;
    }

    public override string Method => _method.FullName;

    public override IMethod MethodDefinition => _method;

    public override string Host => _http.Request.Host.Value ?? "";

    public override string Peer
    {
        get
        {
            var connection = _http.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort.ToString(CultureInfo.InvariantCulture)}",
                var ip => $"ipv4:{ip}:{connection.RemotePort.ToString(CultureInfo.InvariantCulture)}",
            };
        }
    }

    public override DateTime Deadline => _deadline;

    public override Metadata RequestHeaders => _requestHeaders ??= BuildRequestHeaders();

    public override CancellationToken CancellationToken => _cancellationToken;

    public override Metadata ResponseTrailers => _responseTrailers ??= [];

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override ClaimsPrincipal User => _http.User;

    public override IDictionary<object, object?> UserState => _userState ??= [];

    public override string? ResponseCompression
    {
        get => _responseCompression;
        set
        {
            if (value is not null && value != GrpcProtocol.GzipEncoding && value != GrpcProtocol.IdentityEncoding)
            {
                throw new ArgumentException($"Unsupported compression '{value}'; use gzip or identity.", nameof(value));
            }

            _responseCompression = value == GrpcProtocol.IdentityEncoding ? null : value;
        }
    }

    public override object? RequestMessage => RequestMessageValue;

    internal object? RequestMessageValue { get; set; }

    /// <summary>Set as soon as the deadline timer fires, before any token callback runs.</summary>
    internal bool DeadlineExceeded => _deadlineExceeded || (_deadlineState?.Timer.IsCancellationRequested ?? false);

    private SemaphoreSlim? WriteLock => _deadlineState?.WriteLock;

    public override HttpContext GetHttpContext() => _http;

    /// <summary>Reads the call's headers: deadline, message encoding, response compression; prepares the response.</summary>
    public void Initialize()
    {
        var request = _http.Request;
        var response = _http.Response;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers.GrpcAcceptEncoding = AcceptEncodingValue;

        // Our own frame limit guards memory; Kestrel's 30 MB body cap would cut long streams.
        var bodySize = _http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false, MaxRequestBodySize: not null })
        {
            bodySize.MaxRequestBodySize = null;
        }

        if (_method.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming)
        {
            // A client may pause between messages of a long stream; that is not a slow-loris attack.
            var rate = _http.Features.Get<IHttpMinRequestBodyDataRateFeature>();
            if (rate is not null)
            {
                rate.MinDataRate = null;
            }
        }

        var encoding = request.Headers.GrpcEncoding.ToString();
        if (encoding.Length > 0 && encoding != GrpcProtocol.IdentityEncoding)
        {
            if (encoding != GrpcProtocol.GzipEncoding)
            {
                throw new RpcException(new Status(StatusCode.Unimplemented,
                    $"Unsupported grpc-encoding '{encoding}'. Supported encodings: {GrpcProtocol.SupportedEncodings}."));
            }

            _requestEncoding = GrpcProtocol.GzipEncoding;
        }

        if (_options.ResponseCompressionAlgorithm is { } algorithm && ClientAccepts(request.Headers.GrpcAcceptEncoding, algorithm))
        {
            _responseCompression = algorithm;
        }

        var timeout = GrpcProtocol.ParseTimeout(request.Headers.GrpcTimeout.ToString());
        if (timeout is { } value)
        {
            StartDeadline(value);
        }
    }

    private static bool ClientAccepts(StringValues acceptEncoding, string algorithm)
    {
        foreach (var header in acceptEncoding)
        {
            if (header is null)
            {
                continue;
            }

            foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.Equals(algorithm, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void StartDeadline(TimeSpan timeout)
    {
        var now = DateTime.UtcNow;
        _deadline = timeout >= DateTime.MaxValue - now ? DateTime.MaxValue : now + timeout;
        if (timeout >= GrpcProtocol.MaxTimerDue)
        {
            // Beyond what a timer can hold (~24.8 days): no call lives that long on one stream.
            return;
        }

        var state = new DeadlineState(_http.RequestAborted);
        _deadlineState = state;
        _cancellationToken = state.Linked.Token;
        state.Registration = state.Timer.Token.UnsafeRegister(static s => ((HttpServerCallContext)s!).OnDeadline(), this);
        state.Timer.CancelAfter(timeout);
    }

    private void OnDeadline()
    {
        _deadlineExceeded = true;
        ServerLog.DeadlineExceeded(_options.Logger, Method);
        _deadlineState!.AnswerTask = AnswerDeadlineExceededAsync();
    }

    private async Task AnswerDeadlineExceededAsync()
    {
        var writeLock = WriteLock!;
        await writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_completed || _http.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            _completed = true;
            WriteStatus(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."), ResponseTrailers);
            await _http.Response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ConnectionAbortedException or OperationCanceledException)
        {
            ServerLog.StatusWriteFailed(_options.Logger, Method, ex);
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>Reads the next request message; null at the end of the request stream.</summary>
    /// <remarks>Synchronous when the bytes are already buffered (the usual unary case): no async state machine.</remarks>
    public ValueTask<T?> ReadMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var reader = _http.Request.BodyReader;
        bool buffered;
        ReadResult result;
        try
        {
            buffered = reader.TryRead(out result);
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException or BadHttpRequestException)
        {
            throw ClientReset();
        }

        if (buffered && TryTakeMessage(reader, result, parser, out var message))
        {
            return new ValueTask<T?>(message);
        }

        return ReadMessageSlowAsync(reader, parser, cancellationToken);
    }

    private async ValueTask<T?> ReadMessageSlowAsync<T>(PipeReader reader, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ConnectionAbortedException or BadHttpRequestException)
            {
                throw ClientReset();
            }

            if (TryTakeMessage(reader, result, parser, out var message))
            {
                return message;
            }
        }
    }

    private static RpcException ClientReset() => new(new Status(StatusCode.Cancelled, "The request stream was reset by the client."));

    /// <summary>
    /// Takes one whole message (true, message set) or the end of the stream (true, null) from a read;
    /// false when more bytes are needed (everything buffered is then marked examined).
    /// </summary>
    private bool TryTakeMessage<T>(PipeReader reader, in ReadResult result, MessageParser<T> parser, out T? message)
        where T : class, IMessage<T>
    {
        var buffer = result.Buffer;
        bool complete;
        bool compressed;
        ReadOnlySequence<byte> payload;
        try
        {
            complete = MessageCodec.TryReadFrame(ref buffer, _options.MaxReceiveMessageSize, "Request", out compressed, out payload);
        }
        catch
        {
            reader.AdvanceTo(result.Buffer.Start);
            throw;
        }

        if (complete)
        {
            try
            {
                message = MessageCodec.Parse(parser, payload, compressed, _requestEncoding, _options.MaxReceiveMessageSize, "Request");
                return true;
            }
            finally
            {
                reader.AdvanceTo(buffer.Start);
            }
        }

        if (result.IsCompleted)
        {
            var leftover = result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (leftover > 0)
            {
                throw new RpcException(new Status(StatusCode.Internal, "Request stream ended in the middle of a message."));
            }

            message = null;
            return true;
        }

        reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        message = null;
        return false;
    }

    /// <summary>Reads the single request of a unary or server streaming call and checks nothing follows it.</summary>
    public ValueTask<T> ReadSingleMessageAsync<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        var reader = _http.Request.BodyReader;
        bool buffered;
        ReadResult result;
        try
        {
            buffered = reader.TryRead(out result);
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException or BadHttpRequestException)
        {
            throw ClientReset();
        }

        if (buffered && result.IsCompleted && TryTakeOnlyMessage(reader, result, parser, out var only))
        {
            RequestMessageValue = only;
            return new ValueTask<T>(only);
        }

        ValueTask<T?> first;
        if (buffered)
        {
            first = TryTakeMessage(reader, result, parser, out var taken)
                ? new ValueTask<T?>(taken)
                : ReadMessageSlowAsync(reader, parser, _cancellationToken);
        }
        else
        {
            first = ReadMessageSlowAsync(reader, parser, _cancellationToken);
        }

        return ReadSingleRestAsync(first, parser);
    }

    /// <summary>
    /// The usual unary request: the client's whole body (one frame, nothing after it) is already buffered and
    /// complete, so it is parsed and released with one AdvanceTo instead of a second read for the end of the
    /// stream. False, with nothing consumed, for anything else (errors included: the general path reports them).
    /// </summary>
    private bool TryTakeOnlyMessage<T>(PipeReader reader, in ReadResult result, MessageParser<T> parser, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? message)
        where T : class, IMessage<T>
    {
        message = null;
        var buffer = result.Buffer;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (header[0] > 1 || length > (uint)_options.MaxReceiveMessageSize || buffer.Length != GrpcProtocol.HeaderSize + length)
        {
            return false;
        }

        try
        {
            message = MessageCodec.Parse(parser, buffer.Slice(GrpcProtocol.HeaderSize), header[0] == 1, _requestEncoding, _options.MaxReceiveMessageSize, "Request");
            return true;
        }
        finally
        {
            reader.AdvanceTo(buffer.End);
        }
    }

    private ValueTask<T> ReadSingleRestAsync<T>(ValueTask<T?> first, MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        if (!first.IsCompletedSuccessfully)
        {
            return ReadSingleSlowAsync(first, parser);
        }

        var message = first.Result ?? throw NoRequest();
        var second = ReadMessageAsync(parser, _cancellationToken);
        if (!second.IsCompletedSuccessfully)
        {
            return CheckEndSlowAsync(message, second);
        }

        if (second.Result is not null)
        {
            throw ExtraRequest();
        }

        RequestMessageValue = message;
        return new ValueTask<T>(message);
    }

    private async ValueTask<T> ReadSingleSlowAsync<T>(ValueTask<T?> first, MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        var message = await first.ConfigureAwait(false) ?? throw NoRequest();
        return await CheckEndSlowAsync(message, ReadMessageAsync(parser, _cancellationToken)).ConfigureAwait(false);
    }

    private async ValueTask<T> CheckEndSlowAsync<T>(T message, ValueTask<T?> next)
        where T : class, IMessage<T>
    {
        if (await next.ConfigureAwait(false) is not null)
        {
            throw ExtraRequest();
        }

        RequestMessageValue = message;
        return message;
    }

    private static RpcException NoRequest() => new(new Status(StatusCode.Internal, "Request stream ended without a request message."));

    private static RpcException ExtraRequest() => new(new Status(StatusCode.Internal, "Request stream carried more than one message for a single-request method."));

    /// <summary>Writes a response message; streaming calls flush it, unary calls leave it to the end of the request.</summary>
    /// <remarks>Without a deadline there is no lock, and a write that needs no waiting completes without an async state machine.</remarks>
    public Task WriteMessageAsync<T>(T message, bool flush, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        if (WriteLock is not null)
        {
            return WriteMessageLockedAsync(message, flush, cancellationToken);
        }

        try
        {
            ArgumentNullException.ThrowIfNull(message);
            var pending = WriteMessageCoreAsync(message, flush, cancellationToken);
            return pending.IsCompletedSuccessfully ? Task.CompletedTask : pending.AsTask();
        }
        catch (Exception ex)
        {
            // Failures belong to the returned task, as they would with an async method.
            return Task.FromException(ex);
        }
    }

    private async Task WriteMessageLockedAsync<T>(T message, bool flush, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        var writeLock = WriteLock!;
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteMessageCoreAsync(message, flush, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private ValueTask WriteMessageCoreAsync<T>(T message, bool flush, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        if (_completed)
        {
            throw new InvalidOperationException(_deadlineExceeded
                ? "Cannot write: the call's deadline passed and DEADLINE_EXCEEDED was sent."
                : "Cannot write: the call is complete.");
        }

        var response = _http.Response;
        var gzip = _responseCompression == GrpcProtocol.GzipEncoding;
        if (!_headersSent)
        {
            _headersSent = true;
            if (gzip)
            {
                response.Headers.GrpcEncoding = GzipValue;
            }
        }

        var writer = response.BodyWriter;
        MessageCodec.WriteFrame(writer, message, _options.MaxSendMessageSize, gzip, "Response");
        if (!flush)
        {
            return ValueTask.CompletedTask;
        }

        var pending = writer.FlushAsync(cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            ThrowIfClientGone(pending.Result);
            return ValueTask.CompletedTask;
        }

        return AwaitFlush(pending);

        static async ValueTask AwaitFlush(ValueTask<FlushResult> pending) => ThrowIfClientGone(await pending.ConfigureAwait(false));
    }

    /// <summary>A completed flush means the stream is gone (reset by the client): stop the handler's writing loop.</summary>
    private static void ThrowIfClientGone(FlushResult result)
    {
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new OperationCanceledException("The client reset the stream; the response cannot be written.");
        }
    }

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        if (WriteLock is not null)
        {
            await WriteLock.WaitAsync(_cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (_headersSent || _completed)
            {
                throw new InvalidOperationException("Response headers were already sent.");
            }

            _headersSent = true;
            var headers = _http.Response.Headers;
            foreach (var entry in responseHeaders)
            {
                if (!GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    headers.Append(entry.Key, GrpcProtocol.MetadataValue(entry));
                }
            }

            if (_responseCompression == GrpcProtocol.GzipEncoding)
            {
                headers[GrpcProtocol.EncodingHeader] = GzipValue;
            }

            await _http.Response.BodyWriter.FlushAsync(_cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            WriteLock?.Release();
        }
    }

    /// <summary>Ends a call whose handler returned: sends <see cref="Status"/> and the trailers.</summary>
    public ValueTask EndCallAsync()
    {
        if (WriteLock is not null)
        {
            return EndCallLockedAsync();
        }

        EndCall();
        return ValueTask.CompletedTask;
    }

    private async ValueTask EndCallLockedAsync()
    {
        var writeLock = WriteLock!;
        await writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            EndCall();
        }
        finally
        {
            writeLock.Release();
        }
    }

    private void EndCall()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        var status = Status;
        if (status.StatusCode != StatusCode.OK)
        {
            ServerLog.CallFailed(_options.Logger, Method, status.StatusCode, status.Detail);
        }

        WriteStatus(status, _responseTrailers);
    }

    /// <summary>Turns a handler failure into a status: RpcException as given, anything else UNKNOWN without internals.</summary>
    public async ValueTask EndCallWithErrorAsync(Exception exception)
    {
        if (WriteLock is not null)
        {
            await WriteLock.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            Status status;
            var trailers = _responseTrailers;
            if (exception is RpcException rpc)
            {
                status = rpc.Status;
                if (rpc.Trailers.Count > 0)
                {
                    trailers ??= [];
                    foreach (var entry in rpc.Trailers)
                    {
                        trailers.Add(entry);
                    }
                }

                ServerLog.CallFailed(_options.Logger, Method, status.StatusCode, status.Detail);
            }
            else if (DeadlineExceeded && exception is OperationCanceledException)
            {
                status = new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
            }
            else if (_http.RequestAborted.IsCancellationRequested)
            {
                // Nobody is listening any more; Kestrel resets the stream.
                ServerLog.ClientCancelled(_options.Logger, Method);
                return;
            }
            else if (exception is OperationCanceledException)
            {
                // Cancelled inside the server (or the stream went away before Kestrel flagged it): not a crash.
                status = new Status(StatusCode.Cancelled, "The call was cancelled.");
            }
            else
            {
                ServerLog.HandlerFailed(_options.Logger, Method, exception);
                var detail = _options.EnableDetailedErrors
                    ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                    : "Exception was thrown by handler.";
                status = new Status(StatusCode.Unknown, detail);
            }

            WriteStatus(status, trailers);
        }
        finally
        {
            WriteLock?.Release();
        }
    }

    /// <summary>Status in trailers, or in the headers (trailers-only) when nothing was sent yet.</summary>
    private void WriteStatus(Status status, Metadata? trailers)
    {
        var response = _http.Response;
        if (!_headersSent && !response.HasStarted)
        {
            var headers = response.Headers;
            headers[GrpcProtocol.StatusHeader] = GrpcProtocol.StatusString(status.StatusCode);
            if (!string.IsNullOrEmpty(status.Detail))
            {
                headers[GrpcProtocol.MessageHeader] = GrpcProtocol.PercentEncode(status.Detail);
            }

            if (trailers is not null)
            {
                foreach (var entry in trailers)
                {
                    if (!GrpcProtocol.IsReservedHeader(entry.Key))
                    {
                        headers.Append(entry.Key, GrpcProtocol.MetadataValue(entry));
                    }
                }
            }

            return;
        }

        var trailerHeaders = _http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers
            ?? throw new InvalidOperationException("The server does not support HTTP trailers (gRPC needs HTTP/2).");
        trailerHeaders.GrpcStatus = GrpcProtocol.StatusString(status.StatusCode);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            trailerHeaders.GrpcMessage = GrpcProtocol.PercentEncode(status.Detail);
        }

        if (trailers is not null)
        {
            foreach (var entry in trailers)
            {
                if (!GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    response.AppendTrailer(entry.Key, GrpcProtocol.MetadataValue(entry));
                }
            }
        }
    }

    /// <summary>Waits for a deadline answer in flight and releases timers; the HttpContext must not outlive this.</summary>
    public ValueTask DisposeAsync() => _deadlineState is { } state ? state.DisposeAsync() : ValueTask.CompletedTask;

    private sealed class DeadlineState
    {
        public DeadlineState(CancellationToken requestAborted)
        {
            Timer = new CancellationTokenSource();
            Linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, Timer.Token);
        }

        public CancellationTokenSource Timer { get; }

        /// <summary>The handler's token: the client going away or the deadline.</summary>
        public CancellationTokenSource Linked { get; }

        public SemaphoreSlim WriteLock { get; } = new(1, 1);

        public CancellationTokenRegistration Registration { get; set; }

        public Task? AnswerTask { get; set; }

        public async ValueTask DisposeAsync()
        {
            await Registration.DisposeAsync().ConfigureAwait(false);
            if (AnswerTask is { } task)
            {
                await task.ConfigureAwait(false);
            }

            Linked.Dispose();
            Timer.Dispose();
            WriteLock.Dispose();
        }
    }

    private Metadata BuildRequestHeaders()
    {
        var headers = _http.Request.Headers;
        var metadata = new Metadata(headers.Count);
        foreach (var (name, values) in headers)
        {
            if (GrpcProtocol.IsReservedHeader(name))
            {
                continue;
            }

            if (!GrpcProtocol.TryAddMetadata(metadata, name, values))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"Header '{name}' is not valid base64."));
            }
        }

        return metadata;
    }
}
