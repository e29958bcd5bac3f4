using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace RelicSecurity.ServiceDefaults.Messaging;

public static partial class EventBackboneExtensions
{
    /// <summary>
    /// The consuming half of the backbone for a host without a database of its own (the gateway's status projection):
    /// the same bus, quorum queues "&lt;service&gt;-&lt;consumer&gt;", retry, <c>_error</c> queues and consumer watchdog as
    /// <see cref="AddEventBackbone"/>, but no outbox and no inbox, so its consumers must make repeats and
    /// reordering harmless by themselves (e.g. by keeping each record's state and applying only what is newer).
    /// </summary>
    public static IHostApplicationBuilder AddEventSubscriber(this IHostApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator> configureConsumers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureConsumers);
        if (string.IsNullOrEmpty(serviceName) || !ServiceNamePattern().IsMatch(serviceName))
        {
            throw new ArgumentException($"Service name '{serviceName}' must be lower-case kebab case (it prefixes queue names).", nameof(serviceName));
        }

        var section = builder.Configuration.GetSection(EventBackboneOptions.SectionName);
        builder.Services.AddOptions<EventBackboneOptions>().Bind(section).Configure(o => o.ServiceName = serviceName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BackboneEndpoints>();
        builder.Services.AddSingleton<ConsumeProgress>();
        builder.Services.AddConsumeObserver(services => services.GetRequiredService<ConsumeProgress>());
        builder.Services.AddMassTransit(bus => ConfigureBus(bus, serviceName, builder.Configuration, configureConsumers));

        var watchdog = builder.Configuration.GetSection(ConsumerWatchdogOptions.SectionName);
        builder.Services.AddOptions<ConsumerWatchdogOptions>().Bind(watchdog);
        if (watchdog.GetValue(nameof(ConsumerWatchdogOptions.Enabled), true))
        {
            builder.Services.AddSingleton<ConsumerWatchdog>();
            builder.Services.AddHostedService(services => services.GetRequiredService<ConsumerWatchdog>());
        }

        return builder;
    }
}
