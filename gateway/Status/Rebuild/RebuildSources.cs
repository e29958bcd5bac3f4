using Grpc.Core;
using Grpc.Net.Client;
using RelicSecurity.Contracts.Cases.V1;
using RelicSecurity.Contracts.Inspections.V1;
using RelicSecurity.Contracts.Sites.V1;
using Microsoft.Extensions.Configuration;
using RelicSecurity.Gateway.Routing;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Gateway.Status.Rebuild;

/// <summary>
/// The services a rebuild reads, called directly (not through the proxy) with the rebuilding caller's own token, so
/// each service applies its own access rules (a national caller sees everything), and a deadline on every call.
/// Every List method is paged to its end; the services sort by creation (sites by risk), so a record created while
/// paging may be missed, which the events merged into the rebuilt generation make up for (README, "Rebuild").
/// </summary>
public sealed class RebuildSources : IDisposable
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(30);

    private readonly List<GrpcChannel> _channels = [];
    private readonly Metadata _headers;
    private readonly TimeProvider _time;
    private readonly int _pageSize;
    private readonly IConfiguration _configuration;

    public RebuildSources(IReadOnlyList<ForwardedBackend> backends, string authorization, int pageSize, TimeProvider time, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _configuration = configuration;
        _headers = new Metadata { { "authorization", authorization } };
        _time = time;
        _pageSize = pageSize;
        Sites = new SiteService.SiteServiceClient(Channel(backends, "sites"));
        Cases = new CaseService.CaseServiceClient(Channel(backends, "cases"));
        Inspections = new InspectionService.InspectionServiceClient(Channel(backends, "inspections"));
    }

    public SiteService.SiteServiceClient Sites { get; }

    public CaseService.CaseServiceClient Cases { get; }

    public InspectionService.InspectionServiceClient Inspections { get; }

    public CallOptions Options(CancellationToken cancellationToken) =>
        new(_headers, _time.GetUtcNow().UtcDateTime + CallDeadline, cancellationToken);

    public Task ForEachSitePageAsync(Func<IReadOnlyList<Site>, Task> handle, CancellationToken cancellationToken) =>
        PageAsync("sites", token => Sites.ListSitesAsync(new ListSitesRequest { PageSize = _pageSize, PageToken = token }, Options(cancellationToken)),
            r => (r.Sites, r.NextPageToken), handle);

    public Task ForEachCasePageAsync(Func<IReadOnlyList<Case>, Task> handle, CancellationToken cancellationToken) =>
        PageAsync("cases", token => Cases.ListCasesAsync(new ListCasesRequest { PageSize = _pageSize, PageToken = token }, Options(cancellationToken)),
            r => (r.Cases, r.NextPageToken), handle);

    public Task ForEachRelicPageAsync(Func<IReadOnlyList<Relic>, Task> handle, CancellationToken cancellationToken) =>
        PageAsync("relics", token => Cases.ListRelicsAsync(new ListRelicsRequest { PageSize = _pageSize, PageToken = token }, Options(cancellationToken)),
            r => (r.Relics, r.NextPageToken), handle);

    public Task ForEachInspectionPageAsync(Func<IReadOnlyList<Inspection>, Task> handle, CancellationToken cancellationToken) =>
        PageAsync("inspections",
            token => Inspections.ListInspectionsAsync(new ListInspectionsRequest { PageSize = _pageSize, PageToken = token }, Options(cancellationToken)),
            r => (r.Inspections, r.NextPageToken), handle);

    public Task ForEachRectificationPageAsync(Func<IReadOnlyList<RectificationOrder>, Task> handle, CancellationToken cancellationToken) =>
        PageAsync("rectification orders",
            token => Inspections.ListRectificationsAsync(new ListRectificationsRequest { PageSize = _pageSize, PageToken = token }, Options(cancellationToken)),
            r => (r.Rectifications, r.NextPageToken), handle);

    /// <summary>Calls a service, turning "did not answer" into the rebuild's UNAVAILABLE (other statuses pass as they are).</summary>
    public static async Task<T> ReadAsync<T>(string what, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
        {
            throw new RebuildSourceUnavailableException(what, e);
        }
    }

    private static async Task PageAsync<TResponse, TItem>(string what, Func<string, AsyncUnaryCall<TResponse>> call,
        Func<TResponse, (IReadOnlyList<TItem> Items, string Next)> page, Func<IReadOnlyList<TItem>, Task> handle)
    {
        var token = "";
        do
        {
            var response = await ReadAsync(what, async () => await call(token));
            var (items, next) = page(response);
            await handle(items);
            token = next;
        }
        while (token.Length > 0);
    }

    private GrpcChannel Channel(IReadOnlyList<ForwardedBackend> backends, string name)
    {
        var backend = backends.FirstOrDefault(b => b.Backend.Name == name) ?? throw new RebuildSourceMissingException(name);
        // Like the proxy: h2c to an http:// address, TLS to an https:// one checked against the suite's trusted certificates.
        var channel = GrpcChannel.ForAddress(backend.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true }.TrustingSuiteCertificates(_configuration),
        });
        _channels.Add(channel);
        return channel;
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
