using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Telemetry;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

[Collection("servers")]
public sealed class TraceContextTests(LocalServersFixture servers)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_consumer_of_an_event_continues_the_trace_of_the_call_that_wrote_it()
    {
        using var spans = new FinishedSpans(SuiteTelemetryExtensions.MassTransitSource, MessagingTelemetry.SourceName);
        var database = await servers.CreateDatabaseAsync("traces");
        using var host = await BackboneHost.StartAsync("traces", BackboneHost.QuickSettings(database, servers.RabbitMq.ConnectionString),
            bus => bus.AddConsumer<ThingHappenedConsumer>(), builder => builder.AddSuiteTelemetry());
        await BackboneHost.WaitForEndpointsAsync(database, 1);
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;
        var tracedThing = Guid.NewGuid();
        var untracedThing = Guid.NewGuid();

        ActivityContext call;
        using (var request = new Activity("UpdateThing").Start())
        {
            // A sampled incoming call, as ASP.NET Core's span is under the suite's telemetry.
            request.ActivityTraceFlags = ActivityTraceFlags.Recorded;
            call = request.Context;
            await ThingWriter.WriteAsync(dataSource, tracedThing, 1);
        }

        // Written outside any call: the relay must not lend it the previous row's trace.
        await ThingWriter.WriteAsync(dataSource, untracedThing, 2);

        var tracedId = await OutboxIdOfAsync(database, tracedThing);
        var untracedId = await OutboxIdOfAsync(database, untracedThing);
        var consumed = await Eventually.ReturnsAsync(() => Task.FromResult(spans.ConsumerOf(tracedId)), span => span is not null, Patience,
            "the consumer span of the traced event");
        var consumedAlone = await Eventually.ReturnsAsync(() => Task.FromResult(spans.ConsumerOf(untracedId)), span => span is not null, Patience,
            "the consumer span of the untraced event");

        consumed!.TraceId.ShouldBe(call.TraceId);
        consumedAlone!.TraceId.ShouldNotBe(call.TraceId);
        // The relay's span hangs directly under the call that wrote the row.
        spans.All.ShouldContain(span => span.Source.Name == MessagingTelemetry.SourceName
            && span.TraceId == call.TraceId && span.ParentSpanId == call.SpanId);
        (await Sql.CountAsync(database, $"SELECT count(*) FROM things WHERE thing_id IN ('{tracedThing}', '{untracedThing}')")).ShouldBe(2);
    }

    static async Task<Guid> OutboxIdOfAsync(string database, Guid thing) =>
        (await Sql.ListAsync<Guid>(database, $"SELECT id FROM messaging.outbox WHERE partition_key = '{thing}'")).Single();
}
