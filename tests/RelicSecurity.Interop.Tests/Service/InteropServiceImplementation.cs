using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using RelicSecurity.Interop.V1;

namespace RelicSecurity.Interop.Service;

/// <summary>
/// The suite's implementation of relic.interop.v1.InteropService on Grpc.AspNetCore, following the
/// rules written in interop.proto exactly as the grpcio and grpc-js peers do. Shared by the interop
/// tests and bench/Grpc (linked there), so the benchmark measures the service the tests prove.
/// </summary>
public sealed class InteropServiceImplementation(SlowCallOutcomes outcomes) : InteropService.InteropServiceBase
{
    private const string EchoPrefix = "x-echo-";
    private const string TrailerPrefix = "x-trailer-";

    /// <summary>
    /// Set in the response headers, it makes grpc-dotnet gzip this call's response messages (the server
    /// compresses per call only when asked this way; the header itself is not sent).
    /// </summary>
    private const string ResponseCompressionHeader = "grpc-internal-encoding-request";
    private const int SharedPayloadLimit = 64 * 1024;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, ByteString> SharedPayloads = new();

    public override async Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        var seen = await EchoMetadataAsync(context, request.CompressResponse);
        ThrowIfRequested(request.Error);
        var response = new EchoResponse
        {
            Text = request.Text,
            Payload = request.ResponseSize > 0 ? Filled(request.ResponseSize) : request.Payload,
            DeadlineRemainingMs = context.Deadline == DateTime.MaxValue ? -1 : (long)(context.Deadline - DateTime.UtcNow).TotalMilliseconds,
        };
        if (seen is not null)
        {
            response.Metadata.Add(seen);
        }

        return response;
    }

    public override async Task ServerStream(StreamRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context, request.CompressResponse);
        var failing = request.Error is { Code: not 0 };
        var payload = Filled(request.Size);
        for (var i = 0; i < request.Count; i++)
        {
            if (failing && i == request.Error!.AfterMessages)
            {
                ThrowIfRequested(request.Error);
            }

            if (i > 0 && request.IntervalMs > 0)
            {
                await Task.Delay(request.IntervalMs, context.CancellationToken);
            }

            await responseStream.WriteAsync(new EchoResponse { Index = i, Payload = payload }, context.CancellationToken);
        }

        ThrowIfRequested(request.Error);
    }

    public override async Task<EchoResponse> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var seen = await EchoMetadataAsync(context);
        var count = 0;
        long total = 0;
        var texts = new List<string>();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            ThrowIfRequested(request.Error);
            count++;
            total += request.Payload.Length;
            texts.Add(request.Text);
        }

        var response = new EchoResponse { Text = string.Join(',', texts), MessageCount = count, TotalBytes = total };
        if (seen is not null)
        {
            response.Metadata.Add(seen);
        }

        return response;
    }

    public override async Task Bidi(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        var index = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            ThrowIfRequested(request.Error);
            await responseStream.WriteAsync(new EchoResponse { Index = index++, Text = request.Text, Payload = request.Payload }, context.CancellationToken);
        }
    }

    public override async Task<SlowResponse> Slow(SlowRequest request, ServerCallContext context)
    {
        // Relies on the call's token only: the server layer must cancel it at the grpc-timeout
        // deadline and answer DEADLINE_EXCEEDED by itself.
        var clock = Stopwatch.StartNew();
        try
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            outcomes.Record(request.Id, cancelled: true, clock.ElapsedMilliseconds);
            throw;
        }

        outcomes.Record(request.Id, cancelled: false, clock.ElapsedMilliseconds);
        return new SlowResponse { Id = request.Id, ElapsedMs = clock.ElapsedMilliseconds };
    }

    public override Task<SlowOutcomeResponse> SlowOutcome(SlowOutcomeRequest request, ServerCallContext context) =>
        Task.FromResult(outcomes.TryGet(request.Id, out var outcome)
            ? new SlowOutcomeResponse { Known = true, Cancelled = outcome.Cancelled, ElapsedMs = outcome.ElapsedMs }
            : new SlowOutcomeResponse { Known = false });

    /// <summary>
    /// Echoes "x-echo-*" request metadata in the response headers and as "x-trailer-*" trailers, and asks
    /// for gzip in the same headers (they go out once); null when there is no metadata to echo (the
    /// common case costs no allocation and no extra await).
    /// </summary>
    private static ValueTask<List<MetadataEntry>?> EchoMetadataAsync(ServerCallContext context, bool compressResponse = false)
    {
        List<MetadataEntry>? seen = null;
        Metadata? headers = compressResponse ? new Metadata { { ResponseCompressionHeader, "gzip" } } : null;
        var requestHeaders = context.RequestHeaders;
        for (var i = 0; i < requestHeaders.Count; i++)
        {
            var entry = requestHeaders[i];
            if (!entry.Key.StartsWith(EchoPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            seen ??= [];
            headers ??= [];
            var trailerKey = TrailerPrefix + entry.Key[EchoPrefix.Length..];
            if (entry.IsBinary)
            {
                headers.Add(entry.Key, entry.ValueBytes);
                context.ResponseTrailers.Add(trailerKey, entry.ValueBytes);
                seen.Add(new MetadataEntry { Key = entry.Key, BinaryValue = ByteString.CopyFrom(entry.ValueBytes) });
            }
            else
            {
                headers.Add(entry.Key, entry.Value);
                context.ResponseTrailers.Add(trailerKey, entry.Value);
                seen.Add(new MetadataEntry { Key = entry.Key, TextValue = entry.Value });
            }
        }

        return headers is null ? ValueTask.FromResult(seen) : SendHeadersAsync(context, headers, seen);

        static async ValueTask<List<MetadataEntry>?> SendHeadersAsync(ServerCallContext context, Metadata headers, List<MetadataEntry>? seen)
        {
            await context.WriteResponseHeadersAsync(headers);
            return seen;
        }
    }

    private static void ThrowIfRequested(ErrorSpec? error)
    {
        if (error is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)error.Code, error.Message));
        }
    }

    /// <summary>A payload of <paramref name="size"/> bytes of 'x'; small ones are shared (ByteString is immutable).</summary>
    private static ByteString Filled(int size) => size switch
    {
        <= 0 => ByteString.Empty,
        <= SharedPayloadLimit => SharedPayloads.GetOrAdd(size, NewFilled),
        _ => NewFilled(size),
    };

    private static ByteString NewFilled(int size)
    {
        var bytes = new byte[size];
        bytes.AsSpan().Fill((byte)'x');
        return UnsafeByteOperations.UnsafeWrap(bytes); // nobody else holds the array

    }
}
