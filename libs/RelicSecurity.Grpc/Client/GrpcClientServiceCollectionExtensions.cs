using Microsoft.Extensions.DependencyInjection;

namespace RelicSecurity.Grpc;

public static class GrpcClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers a typed client (e.g. <c>SiteService.SiteServiceClient</c>) as a singleton over its own
    /// <see cref="GrpcChannel"/> to <paramref name="address"/>; the channel is disposed with the container.
    /// </summary>
    public static IServiceCollection AddRelicGrpcClient<TClient>(
        this IServiceCollection services,
        Func<IServiceProvider, Uri> address,
        Action<IServiceProvider, GrpcChannelOptions>? configure = null)
        where TClient : ClientBase
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(address);
        services.AddSingleton(provider =>
        {
            var options = new GrpcChannelOptions();
            configure?.Invoke(provider, options);
            return new ChannelHolder<TClient>(GrpcChannel.ForAddress(address(provider), options));
        });
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<TClient>(provider, (CallInvoker)provider.GetRequiredService<ChannelHolder<TClient>>().Channel));
        return services;
    }

    /// <summary>One channel per client type, owned (and disposed) by the container.</summary>
    private sealed class ChannelHolder<TClient>(GrpcChannel channel) : IDisposable
    {
        public GrpcChannel Channel { get; } = channel;

        public void Dispose() => Channel.Dispose();
    }
}
