using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RelicSecurity.ServiceDefaults.Messaging;

public static partial class EventBackboneExtensions
{
    /// <summary>Connection-string name of the RabbitMQ broker.</summary>
    public const string EventBusConnectionName = "eventbus";

    /// <summary>
    /// Adds MassTransit over RabbitMQ (connection string "eventbus"; publisher confirms; durable quorum queues
    /// named "&lt;service&gt;-&lt;consumer&gt;"; exponential retry, then the queue's _error queue), the outbox
    /// relay and inbox on the database named <paramref name="databaseConnectionName"/>, their tables
    /// (created at start-up) and the "eventbus" and "outbox" health checks.
    /// </summary>
    public static IHostApplicationBuilder AddEventBackbone(this IHostApplicationBuilder builder, string serviceName,
        string databaseConnectionName, Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseConnectionName);
        if (string.IsNullOrEmpty(serviceName) || !ServiceNamePattern().IsMatch(serviceName))
        {
            throw new ArgumentException($"Service name '{serviceName}' must be lower-case kebab case (it prefixes queue names).", nameof(serviceName));
        }

        var section = builder.Configuration.GetSection(EventBackboneOptions.SectionName);
        builder.Services.AddOptions<EventBackboneOptions>().Bind(section).Configure(o => o.ServiceName = serviceName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => new MessagingDatabase(NpgsqlDataSource.Create(
            MessagingConnectionString(RequiredConnectionString(builder.Configuration, databaseConnectionName)))));
        builder.Services.AddSingleton<OutboxRelayStatus>();
        builder.Services.AddSingleton<BackboneEndpoints>();
        builder.Services.AddSingleton<InboxBatches>();
        builder.Services.AddReceiveEndpointObserver<EndpointRegistry>();
        builder.Services.AddSingleton<ConsumeProgress>();
        builder.Services.AddConsumeObserver(services => services.GetRequiredService<ConsumeProgress>());

        // Registered before MassTransit so the inbox table exists before the first message is consumed.
        builder.Services.AddHostedService<MessagingSchemaInitializer>();
        builder.Services.AddMassTransit(bus => ConfigureBus(bus, serviceName, builder.Configuration, configureConsumers));

        if (section.GetValue(nameof(EventBackboneOptions.RelayEnabled), true))
        {
            builder.Services.AddSingleton<OutboxRelay>();
            builder.Services.AddHostedService(services => services.GetRequiredService<OutboxRelay>());
        }

        // Registered after MassTransit, so it stops before the bus does at shutdown.
        var watchdog = builder.Configuration.GetSection(ConsumerWatchdogOptions.SectionName);
        builder.Services.AddOptions<ConsumerWatchdogOptions>().Bind(watchdog);
        if (watchdog.GetValue(nameof(ConsumerWatchdogOptions.Enabled), true))
        {
            builder.Services.AddSingleton<ConsumerWatchdog>();
            builder.Services.AddHostedService(services => services.GetRequiredService<ConsumerWatchdog>());
        }

        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", HealthStatus.Unhealthy, ["ready"]);
        return builder;
    }

    static void ConfigureBus(IBusRegistrationConfigurator bus, string serviceName, IConfiguration configuration,
        Action<IBusRegistrationConfigurator>? configureConsumers)
    {
        bus.SetEndpointNameFormatter(EndpointNameFormatterFor(serviceName));
        configureConsumers?.Invoke(bus);
        bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
        {
            context.GetRequiredService<BackboneEndpoints>().Add(name);
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                // Quorum queues are replicated and durable: a broker crash keeps every confirmed message.
                rabbit.SetQuorumQueue();
            }
        });
        // A broker outage degrades the service (writes go on into the outbox); it does not make it unready.
        bus.ConfigureHealthCheckOptions(health =>
        {
            health.Name = EventBusConnectionName;
            health.MinimalFailureStatus = HealthStatus.Degraded;
            health.Tags.Add("ready");
        });
        bus.UsingRabbitMq((context, rabbit) =>
        {
            var settings = context.GetRequiredService<IOptions<EventBackboneOptions>>().Value;
            rabbit.Host(new Uri(RequiredConnectionString(configuration, EventBusConnectionName)), host =>
            {
                host.PublisherConfirmation = true;
                host.ConnectionName(serviceName);
            });
            rabbit.PrefetchCount = settings.PrefetchCount;
            rabbit.ConcurrentMessageLimit = settings.ConcurrentMessageLimit;
            rabbit.UseMessageRetry(retry => retry.Exponential(settings.RetryLimit, settings.RetryMinInterval,
                settings.RetryMaxInterval, settings.RetryIntervalDelta));
            rabbit.ConfigureEndpoints(context);
        });
    }

    /// <summary>Queue names "&lt;service&gt;-&lt;consumer in kebab case&gt;", e.g. "cases-site-registered".</summary>
    public static IEndpointNameFormatter EndpointNameFormatterFor(string serviceName) =>
        new KebabCaseEndpointNameFormatter(serviceName + "-", false);

    /// <summary>
    /// The relay and the inbox run the same few statements thousands of times: prepared once per
    /// connection they skip parsing and planning. They keep no session state, so no reset is needed.
    /// </summary>
    static string MessagingConnectionString(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxAutoPrepare = 32,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
        }.ConnectionString;

    static string RequiredConnectionString(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name)
        ?? throw new InvalidOperationException($"Connection string '{name}' is missing (set ConnectionStrings__{name}).");

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex ServiceNamePattern();
}
