using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RelicSecurity.ServiceDefaults.Security;

namespace RelicSecurity.Gateway.Dashboard;

/// <summary>
/// The national dashboard: a page for browsers on a second endpoint of the gateway (HTTP/1.1, <see cref="DashboardOptions.Url"/>),
/// beside the gRPC endpoint (HTTP/2 cleartext), over the status projection. Off unless Dashboard:Url is set.
/// </summary>
public static class DashboardExtensions
{
    public static bool DashboardConfigured(IConfiguration configuration) => Options(configuration).Url is not null;

    public static IHostApplicationBuilder AddNationalDashboard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var webHost = (builder as WebApplicationBuilder)?.WebHost
            ?? throw new InvalidOperationException("The national dashboard needs a web application builder (it adds an endpoint).");
        var options = Options(builder.Configuration);
        var url = options.Url ?? throw new InvalidOperationException($"{DashboardOptions.Section}:Url is not set.");
        if (url.Port <= 0 || url.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidOperationException($"{DashboardOptions.Section}:Url must be http with a fixed port (the endpoint is told apart by it), not {url}.");
        }

        // Listen there too, unless the host already does (the app host declares it as an endpoint of its own).
        var urls = webHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? "";
        var address = url.GetLeftPart(UriPartial.Authority);
        if (!urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(u => string.Equals(u.TrimEnd('/'), address, StringComparison.OrdinalIgnoreCase)))
        {
            webHost.UseSetting(WebHostDefaults.ServerUrlsKey, urls.Length == 0 ? address : $"{urls};{address}");
        }

        // Browsers speak HTTP/1.1 over cleartext; gRPC callers HTTP/2 with prior knowledge. One protocol per endpoint,
        // told apart by port (this replaces the service defaults' HTTP/2-everywhere).
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            listen.Protocols = listen.IPEndPoint?.Port == url.Port ? HttpProtocols.Http1 : HttpProtocols.Http2));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DashboardStatusQuery>();
        var auth = builder.Configuration.GetSection(SuiteAuthOptions.Section).Get<SuiteAuthOptions>() ?? new SuiteAuthOptions();
        builder.Services.AddSingleton(new LocalSignInHolder(LocalSignIn.Create(options, auth, TimeProvider.System)));
        return builder;
    }

    public static WebApplication MapNationalDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var host = "*:" + Options(app.Configuration).Url!.Port.ToString(CultureInfo.InvariantCulture);
        DashboardAssets.Map(app, host);
        DashboardStatusEndpoints.Map(app, host);
        LocalSignIn.Map(app, host, app.Services.GetRequiredService<LocalSignInHolder>().SignIn);
        return app;
    }

    private static DashboardOptions Options(IConfiguration configuration) =>
        configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new DashboardOptions();
}

/// <summary>The local sign-in, or null when this gateway may not issue tokens.</summary>
internal sealed record LocalSignInHolder(LocalSignIn? SignIn);
