using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RelicSecurity.ServiceDefaults;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests;

public sealed class LoggingDefaultsTests
{
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    [Fact]
    public async Task Per_request_framework_logs_are_quiet_by_default_but_the_service_logs_information()
    {
        await using var app = Build([]);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        loggers.CreateLogger(RequestLogCategory).IsEnabled(LogLevel.Information).ShouldBeFalse();
        loggers.CreateLogger(RequestLogCategory).IsEnabled(LogLevel.Warning).ShouldBeTrue();
        loggers.CreateLogger("Yarp.ReverseProxy.Forwarder.HttpForwarder").IsEnabled(LogLevel.Information).ShouldBeFalse();
        loggers.CreateLogger("Yarp.ReverseProxy.Forwarder.HttpForwarder").IsEnabled(LogLevel.Warning).ShouldBeTrue();
        loggers.CreateLogger("RelicSecurity.Sites.SiteStore").IsEnabled(LogLevel.Information).ShouldBeTrue();
        loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information).ShouldBeTrue();
    }

    [Fact]
    public async Task An_operator_setting_overrides_the_default_levels()
    {
        await using var app = Build(["--Logging:LogLevel:Microsoft.AspNetCore=Information"]);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        loggers.CreateLogger(RequestLogCategory).IsEnabled(LogLevel.Information).ShouldBeTrue();
    }

    [Fact]
    public async Task A_host_that_sets_its_own_minimum_level_keeps_it()
    {
        await using var app = Build([], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        loggers.CreateLogger("RelicSecurity.Sites.SiteStore").IsEnabled(LogLevel.Information).ShouldBeFalse();
        loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information).ShouldBeFalse();
    }

    private static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        return builder.Build();
    }
}
