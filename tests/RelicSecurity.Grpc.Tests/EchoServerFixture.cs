namespace RelicSecurity.Grpc.Tests;

/// <summary>Base for test classes that need one fresh server and channel.</summary>
public abstract class EchoServerTests : IAsyncLifetime
{
    protected GrpcTestServer Server { get; private set; } = null!;

    protected GrpcChannel Channel { get; private set; } = null!;

    protected Protos.EchoService.EchoServiceClient Client { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = await StartServerAsync();
        Channel = Server.CreateChannel(ChannelOptions());
        Client = new Protos.EchoService.EchoServiceClient(Channel);
    }

    public virtual async Task DisposeAsync()
    {
        Channel.Dispose();
        await Server.DisposeAsync();
    }

    protected virtual Task<GrpcTestServer> StartServerAsync() => GrpcTestServer.StartAsync();

    protected virtual GrpcChannelOptions? ChannelOptions() => null;
}
