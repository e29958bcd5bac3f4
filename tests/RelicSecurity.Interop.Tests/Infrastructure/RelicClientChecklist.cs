using System.Diagnostics;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using RelicSecurity.Interop.V1;

namespace RelicSecurity.Interop.Tests.Infrastructure;

/// <summary>
/// The peers' client checklist, run with the suite's client (Grpc.Net.Client, typed client from Grpc.Tools) against a peer
/// server. Feature names and expectations match python/interop_peer.py and node/peer.js.
/// </summary>
public static class RelicClientChecklist
{
    public const string NonAsciiMessage = "文物未找到: Qianlong vase ü — 100% ✓";

    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "unary", "server_streaming", "client_streaming", "bidi", "error_before_messages", "error_after_messages",
        "non_ascii_status", "deadline_client", "deadline_server", "deadline_propagated", "gzip_request", "gzip_response",
        "metadata", "large_message", "request_too_large", "response_too_large", "unimplemented",
    ];

    public static async Task<IReadOnlyList<FeatureResult>> RunAsync(string address, IReadOnlyCollection<string>? only = null)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var client = new InteropService.InteropServiceClient(channel);
        var results = new List<FeatureResult>();
        foreach (var feature in FeatureNames.Where(f => only is null || only.Contains(f)))
        {
            try
            {
                var detail = feature switch
                {
                    "unary" => await UnaryAsync(client),
                    "server_streaming" => await ServerStreamingAsync(client),
                    "client_streaming" => await ClientStreamingAsync(client),
                    "bidi" => await BidiAsync(client),
                    "error_before_messages" => await ErrorBeforeMessagesAsync(client),
                    "error_after_messages" => await ErrorAfterMessagesAsync(client),
                    "non_ascii_status" => await NonAsciiStatusAsync(client),
                    "deadline_client" => await DeadlineClientAsync(client),
                    "deadline_server" => await DeadlineServerAsync(client),
                    "deadline_propagated" => await DeadlinePropagatedAsync(client),
                    "gzip_request" => await GzipRequestAsync(client),
                    "gzip_response" => await GzipResponseAsync(client),
                    "metadata" => await MetadataAsync(client),
                    "large_message" => await LargeMessageAsync(client),
                    "request_too_large" => await RequestTooLargeAsync(client),
                    "response_too_large" => await ResponseTooLargeAsync(client),
                    "unimplemented" => await UnimplementedAsync(channel),
                    _ => throw new CheckFailed("unknown feature"),
                };
                results.Add(new FeatureResult(feature, true, detail));
            }
            catch (CheckFailed e)
            {
                results.Add(new FeatureResult(feature, false, e.Message));
            }
            catch (RpcException e)
            {
                results.Add(new FeatureResult(feature, false, $"unexpected status {e.StatusCode}: {e.Status.Detail}"));
            }
#pragma warning disable CA1031 // a broken call must show as a failed cell with its reason, whatever it threw
            catch (Exception e)
#pragma warning restore CA1031
            {
                results.Add(new FeatureResult(feature, false, $"{e.GetType().Name}: {e.Message}"));
            }
        }

        return results;
    }

    private static DateTime In(double seconds) => DateTime.UtcNow.AddSeconds(seconds);

    private static void Expect(bool condition, string detail)
    {
        if (!condition)
        {
            throw new CheckFailed(detail);
        }
    }

    private static async Task<RpcException> ExpectStatusAsync(Func<Task> call, StatusCode code, string? message = null)
    {
        try
        {
            await call();
        }
        catch (RpcException e)
        {
            Expect(e.StatusCode == code, $"expected {code}, got {e.StatusCode}: {e.Status.Detail}");
            Expect(message is null || e.Status.Detail == message, $"expected message \"{message}\", got \"{e.Status.Detail}\"");
            return e;
        }

        throw new CheckFailed($"expected {code}, call succeeded");
    }

    private static ErrorSpec Error(StatusCode code, string message, int after = 0) =>
        new() { Code = (int)code, Message = message, AfterMessages = after };

    private static async Task<List<EchoResponse>> ReadAllAsync(IAsyncStreamReader<EchoResponse> reader, List<EchoResponse>? into = null)
    {
        into ??= [];
        while (await reader.MoveNext(CancellationToken.None))
        {
            into.Add(reader.Current);
        }

        return into;
    }

    private static async Task<string> UnaryAsync(InteropService.InteropServiceClient client)
    {
        var bytes = ByteString.CopyFrom([.. Enumerable.Range(0, 256).Select(i => (byte)i)]);
        var response = await client.EchoAsync(new EchoRequest { Text = "文物 relic ✓", Payload = bytes }, deadline: In(20));
        Expect(response.Text == "文物 relic ✓", $"text {response.Text}");
        Expect(response.Payload == bytes, "payload differs");
        return "echoed text and 256-byte payload";
    }

    private static async Task<string> ServerStreamingAsync(InteropService.InteropServiceClient client)
    {
        using var call = client.ServerStream(new StreamRequest { Count = 5, Size = 100 }, deadline: In(20));
        var got = await ReadAllAsync(call.ResponseStream);
        Expect(string.Join(',', got.Select(m => m.Index)) == "0,1,2,3,4", $"indexes {string.Join(',', got.Select(m => m.Index))}");
        Expect(got.All(m => m.Payload.Length == 100), "payload sizes");
        return "5 messages in order";
    }

    private static async Task<string> ClientStreamingAsync(InteropService.InteropServiceClient client)
    {
        using var call = client.ClientStream(deadline: In(20));
        for (var i = 0; i < 4; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"m{i}", Payload = ByteString.CopyFrom(new byte[i * 10]) });
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        Expect(response.MessageCount == 4 && response.TotalBytes == 60 && response.Text == "m0,m1,m2,m3",
            $"count={response.MessageCount} bytes={response.TotalBytes} text={response.Text}");
        return "4 messages counted";
    }

    private static async Task<string> BidiAsync(InteropService.InteropServiceClient client)
    {
        // Ping-pong: each request goes out only after the previous answer arrived.
        using var call = client.Bidi(deadline: In(20));
        var texts = new List<string>();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "ping0" });
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            texts.Add(call.ResponseStream.Current.Text);
            if (texts.Count < 4)
            {
                await call.RequestStream.WriteAsync(new EchoRequest { Text = $"ping{texts.Count}" });
            }
            else
            {
                await call.RequestStream.CompleteAsync();
            }
        }

        Expect(string.Join(',', texts) == "ping0,ping1,ping2,ping3", $"got {string.Join(',', texts)}");
        return "4 ping-pong rounds";
    }

    private static async Task<string> ErrorBeforeMessagesAsync(InteropService.InteropServiceClient client)
    {
        await ExpectStatusAsync(async () => await client.EchoAsync(new EchoRequest { Error = Error(StatusCode.NotFound, "no such site") }, deadline: In(20)),
            StatusCode.NotFound, "no such site");
        var got = new List<EchoResponse>();
        using var call = client.ServerStream(new StreamRequest { Count = 3, Error = Error(StatusCode.FailedPrecondition, "stage") }, deadline: In(20));
        await ExpectStatusAsync(() => ReadAllAsync(call.ResponseStream, got), StatusCode.FailedPrecondition, "stage");
        Expect(got.Count == 0, $"{got.Count} messages before the error");
        return "unary and streaming fail before any message";
    }

    private static async Task<string> ErrorAfterMessagesAsync(InteropService.InteropServiceClient client)
    {
        var got = new List<EchoResponse>();
        using (var call = client.ServerStream(new StreamRequest { Count = 5, Size = 10, Error = Error(StatusCode.Aborted, "stopped after two", 2) }, deadline: In(20)))
        {
            await ExpectStatusAsync(() => ReadAllAsync(call.ResponseStream, got), StatusCode.Aborted, "stopped after two");
        }

        Expect(got.Count == 2, $"{got.Count} messages before the error, expected 2");
        var bidi = new List<EchoResponse>();
        using (var call = client.Bidi(deadline: In(20)))
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "a" });
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "b" });
            await call.RequestStream.WriteAsync(new EchoRequest { Error = Error(StatusCode.OutOfRange, "bidi stop") });
            await ExpectStatusAsync(() => ReadAllAsync(call.ResponseStream, bidi), StatusCode.OutOfRange, "bidi stop");
        }

        Expect(bidi.Count == 2, $"bidi: {bidi.Count} messages before the error, expected 2");
        return "server stream and bidi fail after 2 messages";
    }

    private static async Task<string> NonAsciiStatusAsync(InteropService.InteropServiceClient client)
    {
        await ExpectStatusAsync(async () => await client.EchoAsync(new EchoRequest { Error = Error(StatusCode.InvalidArgument, NonAsciiMessage) }, deadline: In(20)),
            StatusCode.InvalidArgument, NonAsciiMessage);
        using var call = client.ServerStream(new StreamRequest { Count = 3, Error = Error(StatusCode.Internal, NonAsciiMessage, 1) }, deadline: In(20));
        await ExpectStatusAsync(() => ReadAllAsync(call.ResponseStream), StatusCode.Internal, NonAsciiMessage);
        return "UTF-8 message intact in trailers-only and in trailers";
    }

    private static async Task<string> DeadlineClientAsync(InteropService.InteropServiceClient client)
    {
        var clock = Stopwatch.StartNew();
        await ExpectStatusAsync(async () => await client.SlowAsync(new SlowRequest { Id = Guid.NewGuid().ToString(), DelayMs = 10000 }, deadline: In(0.3)),
            StatusCode.DeadlineExceeded);
        Expect(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.ElapsedMilliseconds} ms");
        return $"DEADLINE_EXCEEDED after {clock.ElapsedMilliseconds} ms";
    }

    private static async Task<string> DeadlineServerAsync(InteropService.InteropServiceClient client)
    {
        // The peer server's handler must see its cancellation fire at the 300 ms deadline we set.
        var id = Guid.NewGuid().ToString();
        await ExpectStatusAsync(async () => await client.SlowAsync(new SlowRequest { Id = id, DelayMs = 15000 }, deadline: In(0.3)), StatusCode.DeadlineExceeded);
        var until = DateTime.UtcNow.AddSeconds(5);
        SlowOutcomeResponse outcome;
        do
        {
            outcome = await client.SlowOutcomeAsync(new SlowOutcomeRequest { Id = id }, deadline: In(20));
            if (outcome.Known)
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < until);
        Expect(outcome.Known && outcome.Cancelled, $"handler outcome known={outcome.Known} cancelled={outcome.Cancelled}");
        Expect(outcome.ElapsedMs < 5000, $"handler ran {outcome.ElapsedMs} ms");
        return $"peer handler cancelled after {outcome.ElapsedMs} ms";
    }

    private static async Task<string> DeadlinePropagatedAsync(InteropService.InteropServiceClient client)
    {
        var response = await client.EchoAsync(new EchoRequest { Text = "dl" }, deadline: In(10));
        // Peers may round grpc-timeout up (grpcio sends e.g. "10100m" for 10 s), never below what is left.
        Expect(response.DeadlineRemainingMs is > 5000 and <= 11000, $"server saw {response.DeadlineRemainingMs} ms left of 10000");
        var none = await client.EchoAsync(new EchoRequest { Text = "no deadline" });
        Expect(none.DeadlineRemainingMs == -1, $"server saw {none.DeadlineRemainingMs} ms left without a deadline");
        return "server saw the 10 s deadline (and none when unset)";
    }

    private static async Task<string> GzipRequestAsync(InteropService.InteropServiceClient client)
    {
        var payload = ByteString.CopyFromUtf8(string.Concat(Enumerable.Repeat("relic ", 50000)));
        // Grpc.Net.Client compresses a call's messages when this metadata names the algorithm (it is not sent).
        var gzip = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        var response = await client.EchoAsync(new EchoRequest { Text = "gz", Payload = payload }, headers: gzip, deadline: In(20));
        Expect(response.Payload == payload, "payload differs");
        return $"{payload.Length} bytes sent gzip-compressed";
    }

    private static async Task<string> GzipResponseAsync(InteropService.InteropServiceClient client)
    {
        var response = await client.EchoAsync(new EchoRequest { Text = "gz", ResponseSize = 300000, CompressResponse = true }, deadline: In(20));
        Expect(response.Payload.Length == 300000 && response.Payload.All(b => b == (byte)'x'), "payload differs");
        return "300000-byte response (server asked to gzip)";
    }

    private static async Task<string> MetadataAsync(InteropService.InteropServiceClient client)
    {
        var blob = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var headers = new Metadata { { "x-echo-text", "relic-42 ok" }, { "x-echo-blob-bin", blob } };
        using var call = client.EchoAsync(new EchoRequest { Text = "md" }, headers: headers, deadline: In(20));
        var response = await call.ResponseAsync;
        var initial = await call.ResponseHeadersAsync;
        var trailers = call.GetTrailers();
        Expect(initial.GetValue("x-echo-text") == "relic-42 ok", $"initial text {initial.GetValue("x-echo-text")}");
        Expect(initial.GetValueBytes("x-echo-blob-bin")?.SequenceEqual(blob) == true, "initial binary differs");
        Expect(trailers.GetValue("x-trailer-text") == "relic-42 ok", $"trailer text {trailers.GetValue("x-trailer-text")}");
        Expect(trailers.GetValueBytes("x-trailer-blob-bin")?.SequenceEqual(blob) == true, "trailer binary differs");
        var seen = response.Metadata.ToDictionary(e => e.Key);
        Expect(seen.TryGetValue("x-echo-text", out var text) && text.TextValue == "relic-42 ok", "server saw text metadata wrong");
        Expect(seen.TryGetValue("x-echo-blob-bin", out var bin) && bin.BinaryValue.Span.SequenceEqual(blob), "server saw binary metadata wrong");
        return "text and -bin metadata seen by server, echoed in headers and trailers";
    }

    private static async Task<string> LargeMessageAsync(InteropService.InteropServiceClient client)
    {
        var payload = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(3 * 1024 * 1024));
        var response = await client.EchoAsync(new EchoRequest { Payload = payload }, deadline: In(30));
        Expect(response.Payload == payload, "3 MiB payload differs");
        return "3 MiB echoed";
    }

    private static async Task<string> RequestTooLargeAsync(InteropService.InteropServiceClient client)
    {
        await ExpectStatusAsync(async () => await client.EchoAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[5 * 1024 * 1024]) }, deadline: In(30)),
            StatusCode.ResourceExhausted);
        var after = await client.EchoAsync(new EchoRequest { Text = "after" }, deadline: In(20));
        Expect(after.Text == "after", "server did not answer afterwards");
        return "5 MiB request -> RESOURCE_EXHAUSTED, server still answers";
    }

    private static async Task<string> ResponseTooLargeAsync(InteropService.InteropServiceClient client)
    {
        await ExpectStatusAsync(async () => await client.EchoAsync(new EchoRequest { ResponseSize = 5 * 1024 * 1024 }, deadline: In(30)), StatusCode.ResourceExhausted);
        return "5 MiB response -> RESOURCE_EXHAUSTED";
    }

    private static async Task<string> UnimplementedAsync(GrpcChannel channel)
    {
        foreach (var method in UnknownMethods.Value)
        {
            using var call = channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: In(20)), new EchoRequest());
            await ExpectStatusAsync(() => call.ResponseAsync, StatusCode.Unimplemented);
        }

        return "unknown method and unknown service -> UNIMPLEMENTED";
    }

    /// <summary>Methods no server implements: an unknown method of the interop service, and an unknown service.</summary>
    private static readonly Lazy<IReadOnlyList<Method<EchoRequest, EchoResponse>>> UnknownMethods = new(() =>
    {
        var requests = Marshallers.Create(r => r.ToByteArray(), EchoRequest.Parser.ParseFrom);
        var responses = Marshallers.Create(r => r.ToByteArray(), EchoResponse.Parser.ParseFrom);
        return
        [
            new(MethodType.Unary, "relic.interop.v1.InteropService", "NoSuchMethod", requests, responses),
            new(MethodType.Unary, "relic.interop.v1.NoSuchService", "Echo", requests, responses),
        ];
    });

    private sealed class CheckFailed(string message) : Exception(message);
}
