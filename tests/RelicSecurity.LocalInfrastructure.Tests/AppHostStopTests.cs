using System.Net;
using RelicSecurity.LocalInfrastructure.Processes;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>The whole suite under Aspire: up and healthy behind the gateway; SIGTERM leaves no process and no port behind.</summary>
[Collection(AppHost.Collection)]
public sealed class AppHostStopTests
{
    [Fact]
    public async Task The_app_host_brings_the_suite_up_behind_the_gateway_and_a_SIGTERM_leaves_no_process_running()
    {
        var directory = await ThrowawayRuns.CreateAsync("apphost-tests");
        await using var host = AppHostProcess.Start("--data-dir", directory, "--gateway-port", "0");
        await host.WaitUntilUpAsync(AppHost.StartTimeout);
        var gateway = AppHost.GatewayAddress().Match(host.Output);
        gateway.Success.ShouldBeTrue(host.Output);
        (await AppHost.HealthAsync($"http://{gateway.Groups[1].Value}")).ShouldBe(HttpStatusCode.OK);

        var tree = AppHost.ProcessTree(host.Pid);
        var commands = string.Join(Environment.NewLine, tree.Select(p => LinuxProcess.CommandLine(p.Pid)));
        foreach (var expected in new[] { "RelicSecurity.Sites", "RelicSecurity.Cases", "RelicSecurity.Inspections", "RelicSecurity.Gateway",
            "Aspire.Dashboard", "/dcp ", "postgres", "redis-server", "epmd", "beam.smp" })
        {
            commands.ShouldContain(expected, Case.Sensitive, $"no {expected} among the app host's processes");
        }
        var ports = AppHost.ServerKinds.SelectMany(kind => AppHost.State(directory, kind).Ports.Values).ToList();

        (await host.StopAsync()).ShouldBe(0, host.Output);
        // The services and servers are gone when the app host exits; DCP's own processes follow within moments.
        await Eventually.HoldsAsync(() => Task.FromResult(tree.All(process => !process.IsAlive)), TimeSpan.FromSeconds(15),
            () => Task.FromResult("still running: " + string.Join(", ", tree.Where(p => p.IsAlive).Select(p => LinuxProcess.CommandLine(p.Pid)))));
        SystemState.ListeningPorts().Intersect(ports).ShouldBeEmpty();
        ThrowawayRuns.Delete(directory);
    }
}
