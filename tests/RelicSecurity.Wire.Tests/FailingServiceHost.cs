using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.ServiceDefaults;
using RelicSecurity.ServiceDefaults.Failures;
using RelicSecurity.ServiceDefaults.Grpc;
using RelicSecurity.Testing;
using RelicSecurity.Wire.V1;

namespace RelicSecurity.Wire.Tests;

/// <summary>relic.wire.v1.FailingService on the suite's gRPC defaults (AddSuiteGrpc), on a free loopback port.</summary>
public sealed class FailingServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private FailingServiceHost(WebApplication app)
    {
        _app = app;
        _channel = GrpcChannel.ForAddress(app.Urls.Single());
        Client = new FailingService.FailingServiceClient(_channel.WithToken(TestTokens.National()));
    }

    public FailingService.FailingServiceClient Client { get; }

    public static async Task<FailingServiceHost> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        TestTokens.Trust(builder.Configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.AddSuiteGrpc();
        var app = builder.Build();
        app.MapGrpcService<FailingGrpcService>();
        app.MapGrpcStandardServices();
        await app.StartAsync();
        return new FailingServiceHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>Fails as each request asks; otherwise answers with message indexes.</summary>
internal sealed class FailingGrpcService : FailingService.FailingServiceBase
{
    /// <summary>Text that must never reach a caller: it stands for the internals of an unexpected failure.</summary>
    public const string Secret = "connection string Password=hunter2";

    public override Task<FailReply> Unary(FailRequest request, ServerCallContext context)
    {
        FailIfAsked(request);
        return Task.FromResult(new FailReply());
    }

    public override async Task<FailReply> ClientStream(IAsyncStreamReader<FailRequest> requestStream, ServerCallContext context)
    {
        var count = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            FailIfAsked(request);
            count++;
        }

        return new FailReply { Index = count };
    }

    public override async Task ServerStream(FailRequest request, IServerStreamWriter<FailReply> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.AfterMessages; i++)
        {
            await responseStream.WriteAsync(new FailReply { Index = i }, context.CancellationToken);
        }

        FailIfAsked(request);
    }

    public override async Task Bidi(IAsyncStreamReader<FailRequest> requestStream, IServerStreamWriter<FailReply> responseStream,
        ServerCallContext context)
    {
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            FailIfAsked(request);
            await responseStream.WriteAsync(new FailReply { Index = index++ }, context.CancellationToken);
        }
    }

    private static void FailIfAsked(FailRequest request)
    {
        switch (request.Failure)
        {
            case "":
                return;
            case "TransientDatabase":
                throw new NpgsqlException(request.Message, new TimeoutException(Secret));
            case "Bug":
                throw new InvalidOperationException(Secret);
            default:
                throw new RequestedFailure(Enum.Parse<FailureKind>(request.Failure), request.Message);
        }
    }
}

internal sealed class RequestedFailure(FailureKind kind, string message) : DomainException(kind, message);
