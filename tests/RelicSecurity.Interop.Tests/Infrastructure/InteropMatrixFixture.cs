using System.Diagnostics;
using System.Text.Json;
using RelicSecurity.Testing;
using Xunit;

namespace RelicSecurity.Interop.Tests.Infrastructure;

/// <summary>
/// Runs the whole interop matrix once per test run. The grpcio and grpc-js clients call the suite's
/// real public endpoint, the gateway, which forwards to the interop service (Grpc.AspNetCore with the
/// suite's ServiceDefaults) and to the real Sites service; the suite's client (Grpc.Net.Client) calls
/// grpcio and grpc-js servers; gzip is proven on the wire through a byte-counting relay; the Python
/// reflection/health client works from reflected descriptors only. Every outcome becomes a cell; the
/// tests assert the cells one by one.
/// </summary>
public sealed class InteropMatrixFixture : IAsyncLifetime
{
    public const string PeerClientToGateway = "client->gateway";
    public const string SuiteClientToPeer = "suite->server";

    /// <summary>A 300 kB compressible message crosses as a few kB when gzip is really used.</summary>
    public const long CompressedWireLimit = 40_000;

    private const string SiteService = "relic.sites.v1.SiteService";

    private readonly LocalServersFixture _servers = new();

    public static IReadOnlyList<string> Peers { get; } = ["python", "node"];

    public InteropMatrix Matrix { get; } = new();

    public string MatrixFile { get; } = Path.Combine(PeerPaths.TestProjectDirectory, "TestResults", "interop-matrix.md");

    /// <summary>Every cell the run must produce (a missing cell fails too), with why some are absent.</summary>
    public static IEnumerable<(string Peer, string Direction, string Feature)> ExpectedCells()
    {
        foreach (var peer in Peers)
        {
            foreach (var feature in RelicClientChecklist.FeatureNames.Concat(["gzip_request_on_wire", "gzip_response_on_wire"]))
            {
                yield return (peer, PeerClientToGateway, feature);

                // grpc-js servers cannot compress responses at all, so nothing to prove on that wire.
                if (!(peer == "node" && feature == "gzip_response_on_wire"))
                {
                    yield return (peer, SuiteClientToPeer, feature);
                }
            }
        }

        foreach (var feature in ReflectionFeatures)
        {
            yield return ("python", PeerClientToGateway, feature);
        }
    }

    public static IReadOnlyList<string> ReflectionFeatures { get; } =
    [
        "reflection_v1_list_services", "reflection_v1alpha_list_services", "reflection_file_descriptors",
        "reflection_dynamic_call", "reflection_unknown_symbol", "health_check_server", "health_check_service",
        "health_check_unknown_service", "sites_reflection_dynamic_call",
        "health_watch_not_serving_when_the_service_stops", "sites_health_watch_not_serving_when_sites_stops",
    ];

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        await using (var endpoints = await InteropEndpoints.StartAsync(_servers))
        {
            foreach (var peer in Peers)
            {
                await RecordAsync(peer, PeerClientToGateway, "checklist", async () =>
                    AddAll(peer, PeerClientToGateway, await PeerClientRun.ChecklistAsync(peer, endpoints.GatewayTarget)));
                await RecordAsync(peer, PeerClientToGateway, "gzip_request_on_wire", () =>
                    WireProofAsync(peer, PeerClientToGateway, "gzip_request", endpoints.GatewayPort, toServer: true,
                        relay => PeerClientRun.ChecklistAsync(peer, $"127.0.0.1:{relay.Port}", "gzip_request")));
                await RecordAsync(peer, PeerClientToGateway, "gzip_response_on_wire", () =>
                    WireProofAsync(peer, PeerClientToGateway, "gzip_response", endpoints.GatewayPort, toServer: false,
                        relay => PeerClientRun.ChecklistAsync(peer, $"127.0.0.1:{relay.Port}", "gzip_response")));
            }

            var expectedServices = string.Join(',', "relic.interop.v1.InteropService", SiteService, "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
            await RecordAsync("python", PeerClientToGateway, "reflection", async () =>
                AddAll("python", PeerClientToGateway, await PeerClientRun.ReflectionCheckAsync(endpoints.GatewayTarget, expectedServices)));
            await RecordAsync("python", PeerClientToGateway, "sites_reflection_dynamic_call", async () =>
                AddAll("python", PeerClientToGateway, await PeerClientRun.SitesReflectionCallAsync(endpoints.GatewayTarget)));

            // Last, since they stop the backends: the gateway's Watch must turn NOT_SERVING for each.
            await RecordAsync("python", PeerClientToGateway, "health_watch_not_serving_when_the_service_stops", () =>
                HealthWatchAsync("health_watch_not_serving_when_the_service_stops", endpoints.GatewayTarget,
                    "relic.interop.v1.InteropService", endpoints.StopInteropServiceAsync));
            await RecordAsync("python", PeerClientToGateway, "sites_health_watch_not_serving_when_sites_stops", () =>
                HealthWatchAsync("sites_health_watch_not_serving_when_sites_stops", endpoints.GatewayTarget, SiteService,
                    endpoints.StopSitesAsync));
        }

        foreach (var peer in Peers)
        {
            await RecordAsync(peer, SuiteClientToPeer, "checklist", async () =>
            {
                await using var peerServer = await PeerProcess.StartServerAsync(peer);
                AddAll(peer, SuiteClientToPeer, await RelicClientChecklist.RunAsync(peerServer.Address));
                await WireProofAsync(peer, SuiteClientToPeer, "gzip_request", peerServer.Port, toServer: true,
                    relay => RelicClientChecklist.RunAsync($"http://127.0.0.1:{relay.Port}", ["gzip_request"]));
                if (peer != "node")
                {
                    await WireProofAsync(peer, SuiteClientToPeer, "gzip_response", peerServer.Port, toServer: false,
                        relay => RelicClientChecklist.RunAsync($"http://127.0.0.1:{relay.Port}", ["gzip_response"]));
                }
            });
        }

        Directory.CreateDirectory(Path.GetDirectoryName(MatrixFile)!);
        await File.WriteAllTextAsync(MatrixFile, "# gRPC interop matrix\n\n" + Matrix.Render());
    }

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    private void AddAll(string peer, string direction, IEnumerable<FeatureResult> results)
    {
        foreach (var result in results)
        {
            Matrix.Add(new MatrixCell(peer, direction, result.Feature, result.Pass, result.Detail));
        }
    }

    /// <summary>Runs one part of the matrix; if it throws, the part shows as a failed cell with the reason.</summary>
    private async Task RecordAsync(string peer, string direction, string part, Func<Task> run)
    {
        try
        {
            await run();
        }
#pragma warning disable CA1031 // any failure of a part must end up in the matrix, not abort the other parts
        catch (Exception e)
#pragma warning restore CA1031
        {
            Matrix.Add(new MatrixCell(peer, direction, part, false, $"{e.GetType().Name}: {e.Message}"));
        }
    }

    /// <summary>
    /// The feature passes through a relay, and the relay saw the compressible message cross as
    /// gzip: far fewer bytes than the message itself in the direction that was compressed.
    /// </summary>
    private async Task WireProofAsync(string peer, string direction, string feature, int targetPort, bool toServer,
        Func<ByteCountingRelay, Task<IReadOnlyList<FeatureResult>>> run)
    {
        await using var relay = new ByteCountingRelay(targetPort);
        var result = (await run(relay)).Single();
        var bytes = toServer ? relay.BytesToServer : relay.BytesToClient;
        var way = toServer ? "client->server" : "server->client";
        var pass = result.Pass && bytes < CompressedWireLimit;
        Matrix.Add(new MatrixCell(peer, direction, feature + "_on_wire", pass,
            $"{result.Detail}; {bytes} bytes {way} on the wire for a 300000-byte message (limit {CompressedWireLimit}){(result.Pass ? "" : " — call failed")}"));
    }

    /// <summary>
    /// Health Watch from the Python client at the gateway: once it says SERVING for the service, the
    /// service is shut down gracefully and the same stream must say NOT_SERVING.
    /// </summary>
    private async Task HealthWatchAsync(string feature, string target, string service, Func<Task> stopService)
    {
        var info = new ProcessStartInfo(PeerPaths.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { PeerPaths.PythonReflectionClient, "watch", "--target", target, "--service", service })
        {
            info.ArgumentList.Add(argument);
        }

        using var watch = Process.Start(info) ?? throw new InvalidOperationException("could not start the watch client");
        var seen = new List<string>();
        var notServingAfterServing = false;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Task? stopping = null;
            while (await watch.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.TryGetProperty("end", out _))
                {
                    break;
                }

                var status = json.RootElement.GetProperty("status").GetString();
                if (stopping is null && status == "SERVING")
                {
                    stopping = stopService();
                }
                else if (stopping is not null && status == "NOT_SERVING")
                {
                    notServingAfterServing = true;
                    break;
                }
            }

            if (stopping is not null)
            {
                await stopping;
            }
        }
        finally
        {
            if (!watch.HasExited)
            {
                watch.Kill(entireProcessTree: true);
            }
        }

        Matrix.Add(new MatrixCell("python", PeerClientToGateway, feature, notServingAfterServing,
            $"{service}: {string.Join(" ", seen)}"));
    }
}
