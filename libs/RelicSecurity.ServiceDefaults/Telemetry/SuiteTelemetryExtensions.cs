using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry for every process of the suite: traces, metrics and logs, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the app host sets it to the Aspire dashboard's endpoint,
/// together with <c>OTEL_SERVICE_NAME</c>). Without an endpoint the providers still run, so the trace
/// context is still carried from a call to its database writes and events.
/// </summary>
public static class SuiteTelemetryExtensions
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>MassTransit's own ActivitySource and Meter (send, publish, receive, consume).</summary>
    public const string MassTransitSource = "MassTransit";

    public static IHostApplicationBuilder AddSuiteTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MassTransitSource))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(MessagingTelemetry.SourceName)
                .AddSource(MassTransitSource)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthPath(context.Request.Path))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request => !IsHealthPath(request.RequestUri))
                .AddGrpcClientInstrumentation(options => options.Filter = request => !IsHealthPath(request.RequestUri))
                .AddNpgsql()
                .AddRedisInstrumentation()
                .AddProcessor(new BackgroundWorkFilter()));

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Health polling (the app host's readiness probe, the gateway's backend monitor, grpc.health.v1 Watch)
    /// runs every few seconds per process and would bury the calls that matter.
    /// </summary>
    internal static bool IsHealthPath(PathString path) =>
        path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal)
        || path.StartsWithSegments("/health", StringComparison.Ordinal);

    static bool IsHealthPath(Uri? uri) => uri is not null && IsHealthPath(new PathString(uri.AbsolutePath));
}
