using System.Text.Json;
using Xunit;

namespace RelicSecurity.Grpc.Interop.Tests.Infrastructure;

/// <summary>
/// Runs the whole interop matrix once per test run: the grpcio and grpc-js clients against our
/// in-process server, our typed client against grpcio and grpc-js servers, gzip proven on the
/// wire through a byte-counting relay, and the Python reflection/health client against our server.
/// Every outcome becomes a cell; the tests assert the cells one by one.
/// </summary>
public sealed class InteropMatrixFixture : IAsyncLifetime
{
    public const string PeerClientToRelic = "client->relic";
    public const string RelicClientToPeer = "relic->server";

    /// <summary>A 300 kB compressible message crosses as a few kB when gzip is really used.</summary>
    public const long CompressedWireLimit = 40_000;

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
                yield return (peer, PeerClientToRelic, feature);

                // grpc-js servers cannot compress responses at all, so nothing to prove on that wire.
                if (!(peer == "node" && feature == "gzip_response_on_wire"))
                {
                    yield return (peer, RelicClientToPeer, feature);
                }
            }
        }

        foreach (var feature in ReflectionFeatures)
        {
            yield return ("python", PeerClientToRelic, feature);
        }
    }

    public static IReadOnlyList<string> ReflectionFeatures { get; } =
    [
        "reflection_v1_list_services", "reflection_v1alpha_list_services", "reflection_file_descriptors",
        "reflection_dynamic_call", "reflection_unknown_symbol", "health_check_server", "health_check_service",
        "health_check_unknown_service", "health_watch_not_serving_on_shutdown",
    ];

    public async Task InitializeAsync()
    {
        await using (var server = await RelicInteropServer.StartAsync())
        {
            foreach (var peer in Peers)
            {
                await RecordAsync(peer, PeerClientToRelic, "checklist", async () =>
                    AddAll(peer, PeerClientToRelic, await PeerClientRun.ChecklistAsync(peer, server.Target)));
                await RecordAsync(peer, PeerClientToRelic, "gzip_request_on_wire", () =>
                    WireProofAsync(peer, PeerClientToRelic, "gzip_request", server.Port, toServer: true,
                        relay => PeerClientRun.ChecklistAsync(peer, $"127.0.0.1:{relay.Port}", "gzip_request")));
                await RecordAsync(peer, PeerClientToRelic, "gzip_response_on_wire", () =>
                    WireProofAsync(peer, PeerClientToRelic, "gzip_response", server.Port, toServer: false,
                        relay => PeerClientRun.ChecklistAsync(peer, $"127.0.0.1:{relay.Port}", "gzip_response")));
            }

            await RecordAsync("python", PeerClientToRelic, "reflection", async () =>
                AddAll("python", PeerClientToRelic, await PeerClientRun.ReflectionCheckAsync(server.Target)));
        }

        await RecordAsync("python", PeerClientToRelic, "health_watch_not_serving_on_shutdown", HealthWatchAsync);

        foreach (var peer in Peers)
        {
            await RecordAsync(peer, RelicClientToPeer, "checklist", async () =>
            {
                await using var peerServer = await PeerProcess.StartServerAsync(peer);
                AddAll(peer, RelicClientToPeer, await RelicClientChecklist.RunAsync(peerServer.Address));
                await WireProofAsync(peer, RelicClientToPeer, "gzip_request", peerServer.Port, toServer: true,
                    relay => RelicClientChecklist.RunAsync($"http://127.0.0.1:{relay.Port}", ["gzip_request"]));
                if (peer != "node")
                {
                    await WireProofAsync(peer, RelicClientToPeer, "gzip_response", peerServer.Port, toServer: false,
                        relay => RelicClientChecklist.RunAsync($"http://127.0.0.1:{relay.Port}", ["gzip_response"]));
                }
            });
        }

        Directory.CreateDirectory(Path.GetDirectoryName(MatrixFile)!);
        await File.WriteAllTextAsync(MatrixFile, "# gRPC interop matrix\n\n" + Matrix.Render());
    }

    public Task DisposeAsync() => Task.CompletedTask;

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

    /// <summary>Health Watch from the Python client sees SERVING, then NOT_SERVING when our server shuts down.</summary>
    private async Task HealthWatchAsync()
    {
        var server = await RelicInteropServer.StartAsync();
        var info = new System.Diagnostics.ProcessStartInfo(PeerPaths.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { PeerPaths.PythonReflectionClient, "watch", "--target", server.Target, "--service", "" })
        {
            info.ArgumentList.Add(argument);
        }

        using var watch = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("could not start the watch client");
        var seen = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var first = await watch.StandardOutput.ReadLineAsync(timeout.Token);
            seen.Add(first ?? "(end)");
            if (first is null || !first.Contains("\"SERVING\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"first update was {first ?? "(none)"}: {await watch.StandardError.ReadToEndAsync(timeout.Token)}");
            }

            var stopping = server.StopAsync();
            while (await watch.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.TryGetProperty("end", out _) ||
                    json.RootElement.GetProperty("status").GetString() == "NOT_SERVING")
                {
                    break;
                }
            }

            await stopping;
        }
        finally
        {
            if (!watch.HasExited)
            {
                watch.Kill(entireProcessTree: true);
            }

            await server.DisposeAsync();
        }

        var pass = seen.Any(l => l.Contains("\"NOT_SERVING\"", StringComparison.Ordinal));
        Matrix.Add(new MatrixCell("python", PeerClientToRelic, "health_watch_not_serving_on_shutdown", pass, string.Join(" ", seen)));
    }
}
