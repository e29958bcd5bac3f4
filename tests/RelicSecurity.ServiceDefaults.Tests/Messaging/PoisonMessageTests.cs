using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.Messaging.Operations;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

[Collection("servers")]
public sealed class PoisonMessageTests(LocalServersFixture servers, ITestOutputHelper output)
{
    const string Queue = "poison-thing-happened";
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_poison_message_lands_in_the_error_queue_and_is_processed_once_after_its_redrive()
    {
        var database = await servers.CreateDatabaseAsync("poison");
        var eventBus = servers.RabbitMq.ConnectionString;
        using var host = await BackboneHost.StartAsync("poison", BackboneHost.QuickSettings(database, eventBus),
            bus => bus.AddConsumer<ThingHappenedConsumer>());
        await BackboneHost.WaitForEndpointsAsync(database, 1);
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;
        await Sql.ExecuteAsync(database, "INSERT INTO rejections (number, reason) VALUES (7, 'site registry offline')");

        for (var n = 0; n < 10; n++)
        {
            await ThingWriter.WriteAsync(dataSource, Guid.NewGuid(), n);
        }

        // The nine healthy messages pass; number 7 fails 1 + 2 retries and moves to the error queue.
        await using var errorQueues = new ErrorQueues(eventBus);
        await Eventually.HoldsAsync(async () => (await errorQueues.ListAsync([Queue])).Count == 1
                && await Sql.CountAsync(database, "SELECT count(*) FROM things") == 9,
            Patience, async () => $"{await Sql.CountAsync(database, "SELECT count(*) FROM things")} things applied");
        var poison = (await errorQueues.ListAsync([Queue])).ShouldHaveSingleItem();
        poison.ErrorQueue.ShouldBe(Queue + "_error");
        poison.ExceptionType.ShouldBe("System.InvalidOperationException");
        poison.ExceptionMessage.ShouldBe("Thing 7 rejected: site registry offline");
        poison.MessageType.ShouldBe("RelicSecurity.ServiceDefaults.Tests.Messaging:ThingHappened");
        (await Sql.CountAsync(database, "SELECT count(*) FROM messaging.inbox")).ShouldBe(9);

        var (listed, listing) = await Relicctl.RunAsync("events", "errors", "--eventbus", eventBus, "--database", database);
        output.WriteLine(listing);
        listed.ShouldBe(0);
        listing.ShouldContain(poison.MessageId);
        listing.ShouldContain("System.InvalidOperationException: Thing 7 rejected: site registry offline");

        // The cause is fixed; the operator re-drives exactly that message.
        await Sql.ExecuteAsync(database, "DELETE FROM rejections");
        var (redriven, redrive) = await Relicctl.RunAsync("events", "redrive", poison.MessageId, "--eventbus", eventBus, "--database", database);
        output.WriteLine(redrive);
        redriven.ShouldBe(0);
        redrive.ShouldContain($"re-drove 1 message(s) from {Queue}_error to {Queue}");

        await Eventually.HoldsAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM things WHERE number = 7") == 1,
            Patience, () => Task.FromResult("thing 7 not applied after the re-drive"));
        (await errorQueues.ListAsync([Queue])).ShouldBeEmpty();

        // A second re-drive of the same id finds nothing, and nothing is applied twice.
        var (again, againOutput) = await Relicctl.RunAsync("events", "redrive", poison.MessageId, "--eventbus", eventBus, "--queue", Queue);
        again.ShouldBe(1);
        againOutput.ShouldContain("not found");
        await Settling.AfterMarkerThingAsync(host, database, Patience);
        (await Sql.CountAsync(database, $"SELECT count(*) FROM things WHERE number < {Settling.MarkerNumber}")).ShouldBe(10);
        (await Sql.CountAsync(database, "SELECT count(*) FROM things WHERE number = 7")).ShouldBe(1);
        (await Sql.CountAsync(database, "SELECT count(*) FROM messaging.inbox")).ShouldBe(11); // with the marker
    }

    [Fact]
    public async Task A_poison_message_among_many_in_flight_fails_alone_and_the_others_apply_once()
    {
        const string queue = "poisonbatch-thing-happened";
        var database = await servers.CreateDatabaseAsync("poisonbatch");
        var eventBus = servers.RabbitMq.ConnectionString;
        using var host = await BackboneHost.StartAsync("poisonbatch", BackboneHost.QuickSettings(database, eventBus),
            bus => bus.AddConsumer<ThingHappenedConsumer>());
        await BackboneHost.WaitForEndpointsAsync(database, 1);
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;
        await Sql.ExecuteAsync(database, "INSERT INTO rejections (number, reason) VALUES (150, 'archive unreachable')");

        // 300 events published together: the consumer applies them many to a transaction, and 150 is in one of them.
        await ThingWriter.WriteManyAsync(dataSource, 300);

        await using var errorQueues = new ErrorQueues(eventBus);
        await Eventually.HoldsAsync(async () => (await errorQueues.ListAsync([queue])).Count == 1
                && await Sql.CountAsync(database, "SELECT count(*) FROM things") == 299,
            Patience, async () => $"{await Sql.CountAsync(database, "SELECT count(*) FROM things")} things applied");
        await Settling.AfterMarkerThingAsync(host, database, Patience);
        var poison = (await errorQueues.ListAsync([queue])).ShouldHaveSingleItem();
        poison.ExceptionMessage.ShouldBe("Thing 150 rejected: archive unreachable");
        (await Sql.CountAsync(database, $"SELECT count(*) FROM things WHERE number < {Settling.MarkerNumber}")).ShouldBe(299);
        (await Sql.CountAsync(database, $"SELECT count(DISTINCT number) FROM things WHERE number < {Settling.MarkerNumber}")).ShouldBe(299);
        (await Sql.CountAsync(database, "SELECT count(*) FROM things WHERE number = 150")).ShouldBe(0);
        (await Sql.CountAsync(database, "SELECT count(*) FROM messaging.inbox")).ShouldBe(300); // 299 and the marker
        (await Sql.CountAsync(database, "SELECT count(*) FROM messaging.inbox WHERE deliveries > 1")).ShouldBe(0);
        // Records of one transaction share its start time: messages really did share transactions.
        var largestBatch = await Sql.CountAsync(database,
            "SELECT max(n) FROM (SELECT count(*) AS n FROM messaging.inbox GROUP BY processed_at) AS batches");
        output.WriteLine($"largest inbox transaction: {largestBatch} messages");
        largestBatch.ShouldBeGreaterThan(1);
    }
}
