using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;
using RelicSecurity.ServiceDefaults.TestWorker;
using RelicSecurity.Testing;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

/// <summary>
/// The positive signal a test waits for before it asserts that nothing more happened: one more event,
/// written last, has gone through the relay, the broker and the consumer. Whatever was still on its way
/// before it (a duplicate publish, a redelivery, a retry) sat ahead of it in the outbox and the queue, so
/// once the marker is applied, the counts the test then reads are final — and a test whose system did do
/// something twice still fails.
/// </summary>
internal static class Settling
{
    /// <summary>The number the marker thing carries: far from every number a test writes itself.</summary>
    public const int MarkerNumber = 1_000_000;

    /// <summary>
    /// Writes the marker ThingHappened through <paramref name="host"/>'s outbox and waits until the
    /// consumer has applied it and the outbox holds no unsent row apart from <paramref name="stuckRows"/>.
    /// </summary>
    public static async Task AfterMarkerThingAsync(IHost host, string database, TimeSpan patience, int stuckRows = 0)
    {
        var marker = Guid.NewGuid();
        await ThingWriter.WriteAsync(host.Services.GetRequiredService<MessagingDatabase>().DataSource, marker, MarkerNumber);
        await Eventually.HoldsAsync(
            async () => await Sql.CountAsync(database, $"SELECT count(*) FROM things WHERE thing_id = '{marker}'") == 1
                && await Sql.CountAsync(database, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL") == stuckRows,
            patience, async () => $"the marker event was not applied: {await Sql.CountAsync(database, $"SELECT count(*) FROM things WHERE thing_id = '{marker}'")} "
                + $"marker rows, {await Sql.CountAsync(database, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL")} unsent");
    }

    /// <summary>
    /// The same for the worker processes' RecordCreated events: a marker record written into the producer's
    /// database (its relay publishes it), applied by the consuming worker, with nothing left unsent.
    /// Returns the marker record's id; it is a record like the others and has its one effect.
    /// </summary>
    public static async Task<Guid> AfterMarkerRecordAsync(string producerDb, string consumerDb, TimeSpan patience)
    {
        await using var dataSource = NpgsqlDataSource.Create(producerDb);
        var marker = await RecordWriter.WriteAsync(dataSource, MarkerNumber);
        await Eventually.HoldsAsync(
            async () => await Sql.CountAsync(consumerDb, $"SELECT count(*) FROM test_effects WHERE record_id = '{marker}'") >= 1
                && await Sql.CountAsync(producerDb, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL") == 0,
            patience, async () => $"the marker record was not applied: {await Sql.CountAsync(producerDb, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL")} unsent");
        return marker;
    }
}
