using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelicSecurity.LocalInfrastructure.Processes;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>
/// The app host as a new user meets it: on a fresh data directory the suite comes up with the small demo data, the
/// banner's tokens open the national dashboard (all 31 provinces, or one for the provincial user), and a service that
/// dies is restarted with the reason printed.
/// </summary>
[Collection(AppHost.Collection)]
public sealed partial class AppHostDemoTests
{
    private static readonly TimeSpan SeedTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_fresh_start_loads_the_demo_data_prints_working_tokens_and_restarts_a_killed_service()
    {
        var directory = await ThrowawayRuns.CreateAsync("apphost-demo");
        await using var host = AppHostProcess.StartWithDemoData("--data-dir", directory, "--gateway-port", "0");
        await host.WaitUntilUpAsync(AppHost.StartTimeout);
        await host.WaitForLineAsync("demo data: loaded", SeedTimeout);
        // What was seeded, in relicctl seed's own words: sites, then cases with relics and inspections.
        await host.WaitForLineAsync("seeded 31 provinces, 5,000 sites", TimeSpan.FromSeconds(10));
        await host.WaitForLineAsync("seeded 312 cases", TimeSpan.FromSeconds(10));
        var page = PageAddress().Match(host.Output);
        page.Success.ShouldBeTrue(host.Output);
        var national = TokenAfter(host, "national user token");
        var provincial = TokenAfter(host, "provincial user token");
        File.Exists(Path.Combine(directory, "demo-data.seeded")).ShouldBeTrue();

        using var http = new HttpClient { BaseAddress = new Uri(page.Groups[1].Value) };
        // The seed is in Sites; the projection follows from its events.
        var status = await Eventually.ReturnsAsync(() => StatusAsync(http, national),
            s => s.GetProperty("status").GetProperty("totals").GetProperty("sitesTotal").GetInt32() == 5_000, TimeSpan.FromSeconds(120),
            "the demo data's 5,000 sites in the national status");
        status.GetProperty("status").GetProperty("provinces").GetArrayLength().ShouldBe(31);
        var own = await StatusAsync(http, provincial);
        own.GetProperty("status").GetProperty("provinces").EnumerateArray().Select(p => p.GetProperty("provinceCode").GetString()).ShouldBe(["610000"]);

        var sites = AppHost.ProcessTree(host.Pid).Single(p => LinuxProcess.CommandLine(p.Pid).Contains("Sites/bin/Release", StringComparison.Ordinal));
        LinuxProcess.Signal(sites.Pid, LinuxProcess.SigKill);

        await host.WaitForLineAsync("sites stopped unexpectedly", TimeSpan.FromSeconds(60));
        await host.WaitForLineAsync("sites restarted", TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => Task.FromResult(AppHost.ProcessTree(host.Pid).Any(p => p.Pid != sites.Pid
                && LinuxProcess.CommandLine(p.Pid).Contains("Sites/bin/Release", StringComparison.Ordinal))), TimeSpan.FromSeconds(60),
            "a new Sites process");
        host.Output.ShouldContain("restarting in 1 s (attempt 1)");

        (await host.StopAsync()).ShouldBe(0, host.Output);
        ThrowawayRuns.Delete(directory);
    }

    private static string TokenAfter(AppHostProcess host, string label) =>
        host.Lines[host.IndexOf(label) + 1].Trim();

    private static async Task<JsonElement> StatusAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [GeneratedRegex(@"national\s+(http://127\.0\.0\.1:\d+/)")]
    private static partial Regex PageAddress();
}
