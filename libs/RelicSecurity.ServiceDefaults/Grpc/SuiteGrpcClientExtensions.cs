using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.ServiceDefaults.Grpc;

/// <summary>Typed gRPC clients to other suite services, as every caller inside the suite makes them.</summary>
public static class SuiteGrpcClientExtensions
{
    /// <summary>Deadline for a call whose caller set none; reference checks are small lookups.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers <typeparamref name="TClient"/> for the service whose address is configured at
    /// <c>Services:&lt;serviceKey&gt;</c> (the app host sets <c>Services__sites</c> etc.). Every call
    /// gets a deadline; the methods named in <paramref name="idempotentMethods"/> (full names are not
    /// needed: "GetSite") are retried on UNAVAILABLE with backoff, within that deadline. Others never
    /// are, since a write that reached the server may have taken effect. The token of the call being
    /// served goes along (<see cref="ForwardCallerTokenInterceptor"/>), so the callee applies the original
    /// caller's scopes and province.
    /// </summary>
    public static IHttpClientBuilder AddSuiteGrpcClient<TClient>(this IServiceCollection services, string serviceKey,
        string grpcServiceName, params string[] idempotentMethods)
        where TClient : ClientBase
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpContextAccessor();
        return services.AddGrpcClient<TClient>((provider, options) =>
            {
                var address = provider.GetRequiredService<IConfiguration>()[$"Services:{serviceKey}"]
                    ?? throw new InvalidOperationException($"The address of '{serviceKey}' is missing (set Services__{serviceKey}).");
                options.Address = new Uri(address);
            })
            // A callee at an https:// address is checked against Tls:TrustedCertificatesPath when set, as at the gateway.
            .ConfigurePrimaryHttpMessageHandler((handler, provider) =>
            {
                if (handler is SocketsHttpHandler sockets)
                {
                    sockets.TrustingSuiteCertificates(provider.GetRequiredService<IConfiguration>());
                }
            })
            .ConfigureChannel(channel =>
            {
                channel.MaxReceiveMessageSize = SuiteGrpcExtensions.MaxMessageSize;
                channel.ServiceConfig = RetryIdempotent(grpcServiceName, idempotentMethods);
            })
            .AddInterceptor(provider => new DefaultDeadlineInterceptor(
                provider.GetRequiredService<TimeProvider>(), DefaultDeadline))
            .AddInterceptor(provider => new ForwardCallerTokenInterceptor(provider.GetRequiredService<IHttpContextAccessor>()))
            // HttpClientFactory's request logging puts every header into the log state at Trace, the forwarded
            // caller's bearer token included: its redaction covers only the formatted message, not the structured
            // values that OpenTelemetry exports as attributes (TokenSecrecyTests caught it). Grpc.Net.Client logs
            // each call itself (method, status, duration), and the HTTP spans stay; only that logging goes.
            .RemoveAllLoggers();
    }

    public static ServiceConfig RetryIdempotent(string grpcServiceName, IEnumerable<string> methods)
    {
        var config = new ServiceConfig();
        var retry = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = 4,
                InitialBackoff = TimeSpan.FromMilliseconds(100),
                MaxBackoff = TimeSpan.FromSeconds(1),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var method in methods)
        {
            retry.Names.Add(new MethodName { Service = grpcServiceName, Method = method });
        }

        if (retry.Names.Count > 0)
        {
            config.MethodConfigs.Add(retry);
        }

        return config;
    }
}
