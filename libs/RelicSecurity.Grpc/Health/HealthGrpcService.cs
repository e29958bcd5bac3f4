using RelicSecurity.Grpc.Health.V1;

namespace RelicSecurity.Grpc.Health;

/// <summary>grpc.health.v1.Health over <see cref="GrpcHealthStatus"/>.</summary>
internal sealed class HealthGrpcService(GrpcHealthStatus health) : V1.Health.HealthBase
{
    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = health.GetStatus(request.Service)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Service '{request.Service}' is unknown to this server."));
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        using var watcher = health.Watch(request.Service);
        var reader = watcher.Reader;
        while (await reader.WaitToReadAsync(context.CancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var status))
            {
                await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken).ConfigureAwait(false);
            }
        }
    }
}
