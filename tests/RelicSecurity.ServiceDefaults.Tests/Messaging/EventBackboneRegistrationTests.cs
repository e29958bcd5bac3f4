using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.ServiceDefaults.Messaging;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

public sealed class EventBackboneRegistrationTests
{
    [Fact]
    public void Consumer_queues_are_prefixed_with_the_service_name()
    {
        EventBackboneExtensions.EndpointNameFormatterFor("cases").Consumer<ThingHappenedConsumer>().ShouldBe("cases-thing-happened");
        EventBackboneExtensions.EndpointNameFormatterFor("inspections").Consumer<ThingHappenedConsumer>().ShouldBe("inspections-thing-happened");
    }

    [Theory]
    [InlineData("Sites")]
    [InlineData("sites_service")]
    [InlineData("-sites")]
    [InlineData("")]
    public void A_service_name_that_is_not_kebab_case_is_rejected(string serviceName)
    {
        var builder = Host.CreateApplicationBuilder();
        var error = Should.Throw<ArgumentException>(() => builder.AddEventBackbone(serviceName, "sites-db"));
        error.Message.ShouldContain("kebab case");
    }

    [Fact]
    public void A_missing_database_connection_string_is_named()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:eventbus"] = "amqp://guest:guest@127.0.0.1:1/" });
        builder.AddEventBackbone("sites", "sites-db");
        using var host = builder.Build();
        var error = Should.Throw<InvalidOperationException>(() => host.Services.GetRequiredService<MessagingDatabase>());
        error.Message.ShouldContain("ConnectionStrings__sites-db");
    }

    [Fact]
    public void Tuning_comes_from_the_EventBackbone_configuration_section()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventBackbone:RetryLimit"] = "2",
            ["EventBackbone:RelayBatchSize"] = "50",
        });
        builder.AddEventBackbone("sites", "sites-db");
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EventBackboneOptions>>().Value;
        options.RetryLimit.ShouldBe(2);
        options.RelayBatchSize.ShouldBe(50);
        options.ServiceName.ShouldBe("sites");
    }

    [Fact]
    public void A_replica_can_leave_the_relay_to_others()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["EventBackbone:RelayEnabled"] = "false" });
        builder.AddEventBackbone("sites", "sites-db");
        builder.Services.ShouldNotContain(d => d.ServiceType == typeof(OutboxRelay));
    }
}
