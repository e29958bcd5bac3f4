using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelicSecurity.Grpc.Server;

namespace RelicSecurity.Grpc;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every method of <typeparamref name="TService"/> (a class deriving from a generated
    /// <c>&lt;Service&gt;Base</c>) as one POST endpoint per method. gRPC requests for unknown methods are
    /// answered UNIMPLEMENTED by the last middleware (added by AddRelicGrpc).
    /// </summary>
    public static GrpcEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var provider = endpoints.ServiceProvider;
        var registry = provider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddRelicGrpc() before mapping gRPC services.");
        var serverOptions = provider.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var serviceOptions = provider.GetRequiredService<IOptions<GrpcServiceOptions<TService>>>().Value;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TService).FullName ?? typeof(TService).Name);

        var resolved = new ResolvedMethodOptions(
            serviceOptions.MaxReceiveMessageSize ?? serverOptions.MaxReceiveMessageSize,
            serviceOptions.MaxSendMessageSize ?? serverOptions.MaxSendMessageSize,
            serviceOptions.ResponseCompressionAlgorithm ?? serverOptions.ResponseCompressionAlgorithm,
            serverOptions.EnableDetailedErrors,
            logger);

        var binder = new ServiceBinder<TService>(_ => resolved, provider);
        InvokeBindMethod(binder);

        var interceptors = serverOptions.Interceptors.Concat(serviceOptions.Interceptors)
            .Select(type => (IServerInterceptor)ActivatorUtilities.GetServiceOrCreateInstance(provider, type))
            .ToList();

        var health = provider.GetRequiredService<GrpcHealthStatus>();
        var builders = new List<IEndpointConventionBuilder>();
        foreach (var handler in binder.Handlers)
        {
            handler.BuildPipeline(interceptors);
            registry.Add(handler.Method.Descriptor.Service);
            health.Register(handler.Method.ServiceName);
            var builder = endpoints.MapPost(handler.Method.FullName, handler.HandleCallAsync)
                .WithDisplayName("gRPC " + handler.Method.FullName)
                .WithMetadata(new GrpcMethodMetadata(typeof(TService), handler.Method));
            builders.Add(builder);
        }

        return new GrpcEndpointConventionBuilder(builders);
    }

    private static void InvokeBindMethod<TService>(ServiceBinder<TService> binder)
        where TService : class
    {
        var attribute = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true)
            ?? throw new InvalidOperationException(
                $"{typeof(TService)} does not derive from a generated gRPC service base class ([BindServiceMethod] missing).");
        var bind = attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{attribute.BindType}.{attribute.BindMethodName} not found.");
        bind.MakeGenericMethod(typeof(TService)).Invoke(null, [binder]);
    }
}
