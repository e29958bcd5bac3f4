using System.Globalization;
using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.Gateway.Status;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.Testing;

namespace RelicSecurity.Gateway.Tests.Dashboard;

/// <summary>
/// The real gateway with the status projection and the national dashboard page (Dashboard:Url on a free port), on
/// the test run's Redis and RabbitMQ under a key prefix of its own, trusting this run's test tokens unless told otherwise.
/// </summary>
public sealed class DashboardGatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardGatewayHost(WebApplication app, Uri page)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = page, DefaultRequestVersion = System.Net.HttpVersion.Version11 };
    }

    /// <summary>A browser's view: HTTP/1.1 to the page's endpoint.</summary>
    public HttpClient Http { get; }

    public static async Task<DashboardGatewayHost> StartAsync(LocalServersFixture servers, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var port = PortAllocator.FreePort().ToString(CultureInfo.InvariantCulture);
        var all = new Dictionary<string, string?>(TestTokens.Settings)
        {
            ["ConnectionStrings:redis"] = servers.Redis.ConnectionString,
            ["ConnectionStrings:eventbus"] = servers.RabbitMq.ConnectionString,
            [StatusServiceExtensions.KeyPrefixSetting] = $"test:{Guid.NewGuid():N}:",
            ["Dashboard:Url"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = await GatewayApplication.StartOnLoopbackAsync(all, builder =>
        {
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
            builder.Logging.AddFilter("MassTransit", LogLevel.Error);
        });
        var bus = app.Services.GetRequiredService<IBusControl>();
        await Eventually.HoldsAsync(() => bus.CheckHealth().Status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(60),
            "the gateway's projection consumers are ready");
        return new DashboardGatewayHost(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? token, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request, completion);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
