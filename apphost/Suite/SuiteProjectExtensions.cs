using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.AppHost.Suite;

/// <summary>How every process of the suite is wired under the app host.</summary>
internal static class SuiteProjectExtensions
{
    public const string EndpointName = "http";

    /// <summary>
    /// One gRPC endpoint, HTTP/2 cleartext on 127.0.0.1 (the suite must not listen beyond this machine yet),
    /// at <paramref name="port"/> or a free port; healthy while GET /health/ready answers 200 over HTTP/2.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSuiteEndpoint(this IResourceBuilder<ProjectResource> project, int? port = null)
    {
        // Not proxied: callers reach Kestrel itself, so HTTP/2 streams and deadlines are end to end.
        project.WithHttpEndpoint(port: port, name: EndpointName, isProxied: false)
            .WithEndpoint(EndpointName, endpoint => endpoint.TargetHost = "127.0.0.1");
        var healthKey = $"{project.Resource.Name}-ready";
        var endpoint = project.GetEndpoint(EndpointName);
        project.ApplicationBuilder.Services.AddHealthChecks()
            .AddAsyncCheck(healthKey, ct => Http2Readiness.CheckAsync(new Uri(endpoint.Url), ct));
        return project.WithHealthCheck(healthKey);
    }

    /// <summary>Services__&lt;name&gt; = the address of every suite project, for the typed gRPC clients.</summary>
    public static IResourceBuilder<ProjectResource> WithSuiteAddresses(this IResourceBuilder<ProjectResource> project,
        params IResourceBuilder<ProjectResource>[] others)
    {
        foreach (var other in others)
        {
            project.WithEnvironment($"Services__{other.Resource.Name}", other.GetEndpoint(EndpointName));
        }
        return project;
    }

    /// <summary>Makes the gateway proxy to <paramref name="service"/>: the YARP cluster named after it.</summary>
    public static IResourceBuilder<ProjectResource> WithRoutesTo(this IResourceBuilder<ProjectResource> gateway, IResourceBuilder<ProjectResource> service) =>
        gateway.WithEnvironment($"ReverseProxy__Clusters__{service.Resource.Name}__Destinations__primary__Address", service.GetEndpoint(EndpointName));

    /// <summary>Trust the tokens of this data directory's local key (Auth__Issuer, Auth__Audience, Auth__PublicKeyPath).</summary>
    public static IResourceBuilder<ProjectResource> WithLocalTokens(this IResourceBuilder<ProjectResource> project, LocalSigningKey key)
    {
        foreach (var (name, value) in key.ServiceEnvironment)
        {
            project.WithEnvironment(name, value);
        }
        return project;
    }

    /// <summary>
    /// The gateway's national dashboard page on 127.0.0.1:<paramref name="port"/> (the gateway adds the HTTP/1.1 endpoint
    /// itself from Dashboard__Url), with the local sign-in signing with this data directory's key.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithStatusPage(this IResourceBuilder<ProjectResource> gateway, int port, LocalSigningKey key)
    {
        var url = StatusPageUrl(port);
        return gateway.WithEnvironment("Dashboard__Url", url)
            .WithEnvironment("Dashboard__LocalSignInKeyPath", key.PrivateKeyPath)
            .WithUrl(url + "/", "national dashboard");
    }

    public static string StatusPageUrl(int port) => $"http://127.0.0.1:{port}";
}
