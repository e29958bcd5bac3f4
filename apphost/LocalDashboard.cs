using System.Security.Cryptography;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace RelicSecurity.AppHost;

/// <summary>
/// The Aspire dashboard of a local run: http on 127.0.0.1 (no certificate needed), its OTLP endpoint
/// on a free port (every project exports its telemetry there), a login token and a telemetry API key
/// chosen here so they can be printed and used by tests.
/// </summary>
internal sealed record LocalDashboard(string Url, string BrowserToken, string ApiKey)
{
    public string LoginUrlAt(string url) => $"{url.TrimEnd('/')}/login?t={BrowserToken}";

    /// <summary>
    /// Sets the defaults below every other configuration source, so ASPNETCORE_URLS or
    /// ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL from the environment (or a test) still win.
    /// </summary>
    public static LocalDashboard Configure(IDistributedApplicationBuilder builder, AppHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{options.DashboardPort}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{RelicSecurity.LocalInfrastructure.PortAllocator.FreePort()}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["ASPIRE_VERSION_CHECK_DISABLED"] = "true",
                ["AppHost:BrowserToken"] = RandomToken(),
                // The dashboard's telemetry API (/api/telemetry/...) answers requests carrying this x-api-key.
                ["AppHost:DashboardApiKey"] = RandomToken(),
            },
        });
        return new LocalDashboard(
            configuration["ASPNETCORE_URLS"]!.Split(';')[0],
            configuration["AppHost:BrowserToken"]!,
            configuration["AppHost:DashboardApiKey"]!);
    }

    private static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
