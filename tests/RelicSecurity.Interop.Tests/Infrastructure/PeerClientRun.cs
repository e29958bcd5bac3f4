using System.Diagnostics;
using System.Text.Json;
using RelicSecurity.Testing;

namespace RelicSecurity.Interop.Tests.Infrastructure;

/// <summary>One feature result line printed by a peer client: {"peer", "feature", "pass", "detail"}.</summary>
public sealed record FeatureResult(string Feature, bool Pass, string Detail);

/// <summary>Runs a peer program in client mode and collects its JSON result lines.</summary>
public static class PeerClientRun
{
    public static Task<IReadOnlyList<FeatureResult>> ChecklistAsync(string peer, string target, string? features = null) =>
        RunAsync(PeerPaths.Interpreter(peer), [PeerPaths.Script(peer), "client", "--target", target, .. Features(features)]);

    public static Task<IReadOnlyList<FeatureResult>> ReflectionCheckAsync(string target, string expectServices) =>
        RunAsync(PeerPaths.Python, [PeerPaths.PythonReflectionClient, "check", "--target", target, "--expect-services", expectServices]);

    /// <summary>ListSites on the real SiteService, built only from reflected descriptors.</summary>
    public static Task<IReadOnlyList<FeatureResult>> SitesReflectionCallAsync(string target) =>
        RunAsync(PeerPaths.Python, [PeerPaths.PythonReflectionClient, "sites", "--target", target,
            "--metadata", "authorization=Bearer " + TestTokens.National()]);

    private static string[] Features(string? features) => features is null ? [] : ["--features", features];

    private static async Task<IReadOnlyList<FeatureResult>> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The peers send it on every call: the gateway refuses calls without a token.
            Environment = { ["RELIC_TOKEN"] = TestTokens.National() },
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', arguments)} did not finish in 3 minutes:\n{await stdout}\n{await stderr}");
        }

        var results = new List<FeatureResult>();
        foreach (var line in (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            results.Add(new FeatureResult(
                root.GetProperty("feature").GetString() ?? "?",
                root.GetProperty("pass").GetBoolean(),
                root.GetProperty("detail").GetString() ?? ""));
        }

        if (results.Count == 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments)} printed no results (exit {process.ExitCode}):\n{await stderr}");
        }

        return results;
    }
}
