using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.Bench.Events;

/// <summary>One producer/consumer host on a fresh database, running the benchmark's runs one after another.</summary>
public sealed class EventsBench : IAsyncDisposable
{
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    readonly BenchServers servers;
    readonly IHost host;
    readonly LagRecorder recorder;
    readonly BenchWriter writer;
    int runNumber;

    EventsBench(BenchServers servers, IHost host)
    {
        this.servers = servers;
        this.host = host;
        recorder = host.Services.GetRequiredService<LagRecorder>();
        writer = new BenchWriter(host.Services.GetRequiredService<MessagingDatabase>().DataSource, recorder);
    }

    public static async Task<EventsBench> StartAsync(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var servers = await BenchServers.StartAsync(options);
        var database = await servers.CreateDatabaseAsync("bench_events");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:bench-db"] = database,
            ["ConnectionStrings:eventbus"] = servers.EventBus,
        });
        builder.Services.AddSingleton<LagRecorder>();
        builder.AddEventBackbone("bench", "bench-db", bus => bus.AddConsumer<BenchConsumer>());
        var host = builder.Build();
        await using (var command = host.Services.GetRequiredService<MessagingDatabase>().DataSource.CreateCommand(
            OutboxSchema.Sql + BenchWriter.Sql))
        {
            await command.ExecuteNonQueryAsync();
        }

        await host.StartAsync();
        var bench = new EventsBench(servers, host);
        await bench.WaitForConsumerAsync();
        // Warm-up: JIT, connection pools, broker topology; not reported.
        await bench.RunAsync(RunSpec.FlatOut("warm-up", 2_000, 4, 1));
        return bench;
    }

    public async Task<RunResult> RunAsync(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var run = Interlocked.Increment(ref runNumber);
        recorder.Start(run, spec.Events);
        var wrote = spec.PerSecond > 0
            ? await writer.WritePacedAsync(run, spec.Events, spec.PerSecond)
            : await writer.WriteFlatOutAsync(run, spec.Events, spec.Writers, spec.PerTransaction);
        await Task.WhenAny(recorder.AllApplied, Task.Delay(RunTimeout));
        var result = recorder.Summarize(spec.Name, spec.Offered, wrote);
        Console.WriteLine($"  {spec.Name}: {result.EventsPerSecond:0} events/s, p99 lag {result.P99Ms:0} ms");
        return result;
    }

    async Task WaitForConsumerAsync()
    {
        // Events published before the consumer queue is bound would be routed nowhere.
        var dataSource = host.Services.GetRequiredService<MessagingDatabase>().DataSource;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM messaging.endpoints");
            if ((long)(await command.ExecuteScalarAsync() ?? 0L) > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The benchmark consumer's queue did not become ready within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await servers.DisposeAsync();
    }
}
