using System.Net;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace RelicSecurity.Gateway.Routing;

/// <summary>
/// Builds YARP routes and clusters for every backend whose address is configured
/// (ReverseProxy:Clusters:&lt;name&gt;:Destinations:primary:Address).
/// Each backend gets two clusters to the same address: one for unary and client streaming calls
/// with YARP's default activity timeout (a hung backend is noticed), and one for server streaming
/// methods whose quiet periods are normal (WatchSiteRisk waits for changes for hours).
/// </summary>
public static class ProxyConfigFactory
{
    public const string StreamingSuffix = "-streaming";

    /// <summary>Default of YARP: 100 s without bytes in either direction ends the request.</summary>
    public static readonly TimeSpan UnaryActivityTimeout = TimeSpan.FromSeconds(100);

    public static readonly TimeSpan StreamingActivityTimeout = TimeSpan.FromDays(1);

    /// <summary>The backends whose address is configured; the others are not routed at all.</summary>
    public static IReadOnlyList<ForwardedBackend> Configured(IConfiguration configuration, IEnumerable<SuiteBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(backends);
        var configured = new List<ForwardedBackend>();
        foreach (var backend in backends)
        {
            var address = configuration[$"ReverseProxy:Clusters:{backend.Name}:Destinations:primary:Address"];
            if (!string.IsNullOrWhiteSpace(address))
            {
                configured.Add(new ForwardedBackend(backend, new Uri(address)));
            }
        }

        return configured;
    }

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(IReadOnlyList<ForwardedBackend> forwarded)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var (backend, uri) in forwarded)
        {
            var address = uri.ToString();
            clusters.Add(Cluster(backend.Name, address, UnaryActivityTimeout));
            clusters.Add(Cluster(backend.Name + StreamingSuffix, address, StreamingActivityTimeout));
            foreach (var service in backend.Services)
            {
                routes.Add(Route($"{backend.Name}:{service.FullName}", backend.Name, $"/{service.FullName}/{{**method}}", order: 1));
                foreach (var method in service.Methods.Where(m => m.IsServerStreaming))
                {
                    routes.Add(Route($"{backend.Name}:{service.FullName}/{method.Name}", backend.Name + StreamingSuffix,
                        $"/{service.FullName}/{method.Name}", order: 0));
                }
            }
        }

        return (routes, clusters);
    }

    private static RouteConfig Route(string id, string cluster, string path, int order) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Order = order,
        Match = new RouteMatch { Path = path, Methods = ["POST"] },
    };

    private static ClusterConfig Cluster(string id, string address, TimeSpan activityTimeout) => new()
    {
        ClusterId = id,
        Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = address } },
        // h2c backends: without Version 2 + RequestVersionExact YARP would speak HTTP/1.1 to them; https backends get h2 by ALPN.
        HttpRequest = new ForwarderRequestConfig
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            ActivityTimeout = activityTimeout,
        },
        HttpClient = new HttpClientConfig { EnableMultipleHttp2Connections = true },
    };
}
