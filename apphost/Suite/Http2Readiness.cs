using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RelicSecurity.AppHost.Suite;

/// <summary>
/// GET /health/ready over HTTP/2 cleartext with prior knowledge. Aspire's own HTTP health check speaks
/// HTTP/1.1, which the suite's Kestrel (HTTP/2 only, for gRPC without TLS) never answers.
/// </summary>
internal static class Http2Readiness
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<HealthCheckResult> CheckAsync(Uri endpoint, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "/health/ready"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        try
        {
            using var response = await Client.SendAsync(request, ct);
            return response.StatusCode == HttpStatusCode.OK
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"/health/ready answered {(int)response.StatusCode}");
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{endpoint} does not answer", failure);
        }
    }
}
