using System.Diagnostics;
using Grpc.Core;
using RelicSecurity.Contracts.Sites.V1;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace RelicSecurity.Wire.Tests;

/// <summary>
/// 10,000 WatchSiteRisk streams, each reset by its caller once the stream is open (the handler is then
/// parked waiting for risk changes): every handler ends, the heap returns to its baseline, and the
/// suite keeps answering, directly and through the gateway.
/// </summary>
[Collection("servers")]
public sealed class CancellationStormTests(LocalServersFixture servers, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Streams = 10_000;
    private const int InFlight = 100;

    /// <summary>A stream refused this often is not the rapid-reset defence any more but a broken path.</summary>
    private const int MaxRefusalsPerStream = 50;

    private SuiteUnderTest _suite = null!;

    public async Task InitializeAsync() => _suite = await SuiteUnderTest.StartAsync(servers);

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Theory]
    [InlineData(Endpoint.Sites)]
    [InlineData(Endpoint.Gateway)]
    public async Task Ten_thousand_watches_cancelled_midway_leave_no_handler_open_and_the_heap_at_its_baseline(Endpoint endpoint)
    {
        var client = _suite.Client(endpoint);
        await StormAsync(client, 200); // pools, JIT and connections are warm before the baseline
        await AllWatchesEndedAsync();
        await _suite.StillAnswersAsync(endpoint);
        var baseline = ProcessHeap.Measure();

        var clock = Stopwatch.StartNew();
        var refused = await StormAsync(client, Streams);
        clock.Stop();
        await AllWatchesEndedAsync();
        await _suite.StillAnswersAsync(endpoint);
        var after = ProcessHeap.Measure();

        output.WriteLine($"{endpoint}: {Streams:N0} watches opened and reset in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"opened again after the server refused them (HTTP/2 rapid-reset defence): {refused}; open handlers now {_suite.OpenWatches}");
        output.WriteLine($"{endpoint}: {ProcessHeap.Describe(baseline, after)}");
        (after - baseline).ShouldBeLessThan(ProcessHeap.Tolerance, ProcessHeap.Describe(baseline, after));
    }

    private Task AllWatchesEndedAsync() =>
        Eventually.HoldsAsync(() => _suite.OpenWatches == 0, TimeSpan.FromSeconds(60), $"every watch handler ended (open: {_suite.OpenWatches})");

    /// <summary>
    /// Opens <paramref name="calls"/> watches, <see cref="InFlight"/> at a time; each is reset as soon as
    /// its response headers arrive, i.e. while the server's handler waits for changes. When resets outrun
    /// the handlers' ends, Kestrel refuses new streams (ENHANCE_YOUR_CALM, or it closes the connection:
    /// REFUSED/STREAM_CLOSED), and the gateway answers a backend that did so as UNAVAILABLE. Such a stream
    /// never reached a handler; the storm waits a moment and opens it again, so all of them really run.
    /// </summary>
    private static async Task<int> StormAsync(SiteService.SiteServiceClient client, int calls)
    {
        var refused = 0;
        using var gate = new SemaphoreSlim(InFlight);
        var tasks = new List<Task>(calls);
        for (var i = 0; i < calls; i++)
        {
            await gate.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            using var call = client.WatchSiteRisk(new WatchSiteRiskRequest { ProvinceCode = "620000" },
                                deadline: DateTime.UtcNow.AddMinutes(2));
                            await call.ResponseHeadersAsync;
                            return; // disposing the open call resets its stream: RST_STREAM(CANCEL)
                        }
                        catch (RpcException ex) when (RefusedBeforeTheHandler(ex) && attempt < MaxRefusalsPerStream)
                        {
                            Interlocked.Increment(ref refused);
                            await Task.Delay(10);
                        }
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        return refused;
    }

    private static bool RefusedBeforeTheHandler(RpcException ex) =>
        ex.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable ||
        (ex.StatusCode == StatusCode.Internal && ex.Status.Detail.Contains("STREAM_CLOSED", StringComparison.Ordinal));
}
