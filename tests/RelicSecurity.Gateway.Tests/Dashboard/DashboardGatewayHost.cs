using System.Globalization;
using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.Gateway.Extensions;
using RelicSecurity.Gateway.Status;
using RelicSecurity.LocalInfrastructure;
using RelicSecurity.ServiceDefaults;
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
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:redis"] = servers.Redis.ConnectionString;
        builder.Configuration["ConnectionStrings:eventbus"] = servers.RabbitMq.ConnectionString;
        builder.Configuration[StatusServiceExtensions.KeyPrefixSetting] = $"test:{Guid.NewGuid():N}:";
        builder.Configuration["Dashboard:Url"] = $"http://127.0.0.1:{port}";
        TestTokens.Trust(builder.Configuration);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MassTransit", LogLevel.Error);
        builder.AddSuiteGateway();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapSuiteGateway();
        await app.StartAsync();
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
