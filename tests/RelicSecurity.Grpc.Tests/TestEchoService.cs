using Google.Protobuf;
using RelicSecurity.Grpc.Tests.Protos;

namespace RelicSecurity.Grpc.Tests;

/// <summary>The test server's implementation: request fields choose failures, delays and sizes.</summary>
public sealed class TestEchoService(ConcurrencyBarrier? barrier = null, ActiveCalls? active = null) : EchoService.EchoServiceBase
{
    public override async Task<EchoReply> Echo(EchoRequest request, ServerCallContext context)
    {
        using var tracked = active?.Enter();
        if (request.Text == "barrier" && barrier is not null)
        {
            await barrier.ArriveAndWaitAsync(context.CancellationToken);
        }

        await BehaveAsync(request, context);
        var reply = new EchoReply { Text = request.Text, Payload = request.Payload };
        if (request.ReplySize > 0)
        {
            reply.Payload = ByteString.CopyFrom(new byte[request.ReplySize]);
        }

        foreach (var entry in context.RequestHeaders)
        {
            reply.SeenMetadata.Add(entry.IsBinary ? $"{entry.Key}={Convert.ToHexString(entry.ValueBytes)}" : $"{entry.Key}={entry.Value}");
            if (entry.Key.StartsWith("echo-", StringComparison.Ordinal))
            {
                context.ResponseTrailers.Add(entry);
            }
        }

        return reply;
    }

    public override Task<EchoReply> EchoIdempotent(EchoRequest request, ServerCallContext context) => Echo(request, context);

    public override async Task Count(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        using var tracked = active?.Enter();
        for (var i = 0; i < request.Count; i++)
        {
            if (request.FailCode != 0 && i == request.FailAfter)
            {
                throw new RpcException(new Status((StatusCode)request.FailCode, request.Text));
            }

            if (request.DelayMs > 0)
            {
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }

            await responseStream.WriteAsync(new EchoReply { Text = request.Text, Index = i });
        }

        if (request.FailCode != 0 && request.FailAfter >= request.Count)
        {
            throw new RpcException(new Status((StatusCode)request.FailCode, request.Text));
        }
    }

    public override async Task<EchoReply> Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        using var tracked = active?.Enter();
        var texts = new List<string>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (request.FailCode != 0)
            {
                throw new RpcException(new Status((StatusCode)request.FailCode, request.Text));
            }

            texts.Add(request.Text);
        }

        return new EchoReply { Text = string.Join(",", texts), Index = texts.Count };
    }

    public override async Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        using var tracked = active?.Enter();
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (request.FailCode != 0)
            {
                throw new RpcException(new Status((StatusCode)request.FailCode, request.Text));
            }

            await responseStream.WriteAsync(new EchoReply { Text = request.Text, Index = index++ });
        }
    }

    private static async Task BehaveAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.DelayMs > 0)
        {
            await Task.Delay(request.DelayMs, request.IgnoreCancellation ? CancellationToken.None : context.CancellationToken);
        }

        if (request.Crash)
        {
            throw new InvalidOperationException("secret internal detail");
        }

        if (request.FailCode != 0)
        {
            var trailers = new Metadata { { "failure-reason", "requested" }, { "failure-bin", new byte[] { 0, 1, 2, 255 } } };
            throw new RpcException(new Status((StatusCode)request.FailCode, request.Text), trailers);
        }
    }
}
