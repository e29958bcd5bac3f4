using RelicSecurity.LocalInfrastructure.Processes;
using RelicSecurity.Testing;
using Shouldly;
using StackExchange.Redis;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>
/// A SIGKILLed app host: DCP stops the services and the dashboard at once; the servers keep running
/// (as after a crash) until the next start stops them and takes over their ports and data.
/// </summary>
[Collection(AppHost.Collection)]
public sealed class AppHostLeftoverTests
{
    [Fact]
    public async Task Servers_left_by_a_killed_app_host_are_stopped_by_the_next_start_which_reuses_their_ports_and_data()
    {
        var directory = await ThrowawayRuns.CreateAsync("apphost-tests");
        var first = AppHostProcess.Start("--data-dir", directory, "--gateway-port", "0");
        await first.WaitUntilUpAsync(AppHost.StartTimeout);
        var services = AppHost.ProcessTree(first.Pid)
            .Where(process => LinuxProcess.CommandLine(process.Pid).Contains("RelicSecurity.", StringComparison.Ordinal)).ToList();
        services.ShouldNotBeEmpty();
        var before = AppHost.ServerKinds.ToDictionary(kind => kind, kind => AppHost.State(directory, kind));
        var orphans = before.Values.SelectMany(state => state.Processes).ToList();
        orphans.Count.ShouldBe(4);
        await AppHost.SqlAsync(before["postgres"].Ports["postgres"], "CREATE TABLE find (name text); INSERT INTO find VALUES ('bronze mirror')");
        using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{before["redis"].Ports["redis"]}"))
        {
            await redis.GetDatabase().StringSetAsync("case:1", "open");
        }

        await first.KillAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(services.All(process => !process.IsAlive)), TimeSpan.FromSeconds(30),
            "DCP stops the services of a killed app host");
        orphans.ShouldAllBe(process => process.Identity.IsAlive, "the killed owner's servers keep running until someone stops them");

        await using var second = AppHostProcess.Start("--infrastructure-only", "--data-dir", directory);
        await second.WaitUntilUpAsync(AppHost.StartTimeout);
        orphans.ShouldAllBe(process => !process.Identity.IsAlive);
        foreach (var kind in AppHost.ServerKinds)
        {
            var after = AppHost.State(directory, kind);
            after.Ports.ShouldBe(before[kind].Ports);
            after.OwnerPid.ShouldBe(second.Pid);
            after.Processes.ShouldAllBe(process => process.Identity.IsAlive);
        }
        (await AppHost.SqlAsync(before["postgres"].Ports["postgres"], "SELECT name FROM find")).ShouldBe("bronze mirror");
        using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{before["redis"].Ports["redis"]}"))
        {
            ((string?)await redis.GetDatabase().StringGetAsync("case:1")).ShouldBe("open");
        }

        var running = AppHost.ServerKinds.SelectMany(kind => AppHost.State(directory, kind).Processes).ToList();
        (await second.StopAsync()).ShouldBe(0, second.Output);
        running.ShouldAllBe(process => !process.Identity.IsAlive);
        SystemState.ListeningPorts().Intersect(before.Values.SelectMany(state => state.Ports.Values)).ShouldBeEmpty();
        ThrowawayRuns.Delete(directory);
    }
}
