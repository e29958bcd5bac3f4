using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Bench.Events;

/// <summary>
/// A consumer host and a relay host on one fresh database (the relay in a host of its own so a run can
/// build a backlog first and then time the drain), running the benchmark's runs one after another.
/// </summary>
public sealed class EventsBench : IAsyncDisposable
{
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    readonly BenchServers servers;
    readonly string database;
    readonly IHost consumerHost;
    readonly LagRecorder recorder;
    readonly BenchWriter writer;
    IHost? relayHost;
    int runNumber;

    EventsBench(BenchServers servers, string database, IHost consumerHost)
    {
        this.servers = servers;
        this.database = database;
        this.consumerHost = consumerHost;
        recorder = consumerHost.Services.GetRequiredService<LagRecorder>();
        writer = new BenchWriter(consumerHost.Services.GetRequiredService<MessagingDatabase>().DataSource, recorder);
    }

    public string Servers => servers.Description;

    public static async Task<EventsBench> StartAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var servers = await BenchServers.StartAsync(options, cancellationToken);
        EventsBench? bench = null;
        try
        {
            var database = await servers.CreateDatabaseAsync("bench_events");
            var consumerHost = BuildHost(database, servers.EventBus, relay: false);
            bench = new EventsBench(servers, database, consumerHost);
            await using (var command = consumerHost.Services.GetRequiredService<MessagingDatabase>().DataSource.CreateCommand(
                OutboxSchema.Sql + BenchWriter.Sql))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await consumerHost.StartAsync(cancellationToken);
            await bench.WaitForConsumerAsync(cancellationToken);
            await bench.StartRelayAsync();
            await bench.WarmUpAsync(cancellationToken);
            return bench;
        }
        catch
        {
            // Interrupted or failed while starting: the caller gets no bench to dispose, so stop what runs.
            await (bench is not null ? bench.DisposeAsync() : servers.DisposeAsync());
            throw;
        }
    }

    /// <summary>
    /// Warm-up, not reported: connection pools, broker topology, and the JIT. Tiered compilation
    /// recompiles hot methods (with profile data) during the first tens of seconds under load; on this
    /// 2-core machine a short warm-up left that recompiling (a quarter of the process's CPU, perf's
    /// ".NET Tiered Compilation" thread) inside the first measured run. So warm up until a round
    /// compiles few methods.
    /// </summary>
    async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        const int maxRounds = 6;
        const long settled = 150;
        for (var round = 1; round <= maxRounds; round++)
        {
            var compiledBefore = JitInfo.GetCompiledMethodCount();
            await RunAsync(RunSpec.FlatOut("warm-up, 1 event/commit", 6_000, 8, 1), cancellationToken);
            await RunAsync(RunSpec.FlatOut("warm-up, 10 events/commit", 10_000, 4, 10), cancellationToken);
            var compiled = JitInfo.GetCompiledMethodCount() - compiledBefore;
            Console.WriteLine($"  warm-up round {round}: {compiled} methods compiled");
            if (compiled < settled)
            {
                return;
            }
        }
    }

    static IHost BuildHost(string database, string eventBus, bool relay)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IHostLifetime, BenchHostLifetime>();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:bench-db"] = database,
            ["ConnectionStrings:eventbus"] = eventBus,
            ["EventBackbone:RelayEnabled"] = relay ? "true" : "false",
        });
        if (relay)
        {
            builder.AddEventBackbone("bench-relay", "bench-db");
        }
        else
        {
            builder.Services.AddSingleton<LagRecorder>();
            builder.AddEventBackbone("bench", "bench-db", bus => bus.AddConsumer<BenchConsumer>());
        }

        return builder.Build();
    }

    async Task StartRelayAsync()
    {
        relayHost = BuildHost(database, servers.EventBus, relay: true);
        await relayHost.StartAsync();
    }

    async Task StopRelayAsync()
    {
        if (relayHost is not null)
        {
            await relayHost.StopAsync();
            relayHost.Dispose();
            relayHost = null;
        }
    }

    public async Task<RunResult> RunAsync(RunSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var run = Interlocked.Increment(ref runNumber);
        recorder.Start(run, spec.Events);
        TimeSpan wrote;
        long? drainStarted = null;
        if (spec.Drain)
        {
            // Broker back after an outage: the outbox holds a backlog; time how fast it empties into the consumer.
            await StopRelayAsync();
            wrote = await writer.WriteFlatOutAsync(run, spec.Events, spec.Writers, spec.PerTransaction, cancellationToken);
            drainStarted = Stopwatch.GetTimestamp();
            await StartRelayAsync();
        }
        else
        {
            wrote = spec.PerSecond > 0
                ? await writer.WritePacedAsync(run, spec.Events, spec.PerSecond, cancellationToken)
                : await writer.WriteFlatOutAsync(run, spec.Events, spec.Writers, spec.PerTransaction, cancellationToken);
        }

        await Task.WhenAny(recorder.AllApplied, Task.Delay(RunTimeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        var result = recorder.Summarize(spec.Name, spec.Offered, wrote, drainStarted);
        Console.WriteLine($"  {spec.Name}: {result.EventsPerSecond:0} events/s, p99 lag {result.P99Ms:0} ms");
        return result;
    }

    async Task WaitForConsumerAsync(CancellationToken cancellationToken)
    {
        // Events published before the consumer queue is bound would be routed nowhere.
        var dataSource = consumerHost.Services.GetRequiredService<MessagingDatabase>().DataSource;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM messaging.endpoints");
            if ((long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L) > 0)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException("The benchmark consumer's queue did not become ready within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        await StopRelayAsync();
        await consumerHost.StopAsync();
        consumerHost.Dispose();
        await servers.DisposeAsync();
    }
}
