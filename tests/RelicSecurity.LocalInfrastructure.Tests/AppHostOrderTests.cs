using System.Net;
using RelicSecurity.LocalInfrastructure.Processes;
using Shouldly;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>The full suite: services start after what they wait for, a dying one is reported, all stop in reverse.</summary>
public sealed class AppHostOrderTests
{
    [Fact]
    public async Task The_app_host_starts_each_service_after_its_dependencies_reports_one_that_dies_and_stops_them_in_reverse()
    {
        var directory = await ThrowawayRuns.CreateAsync("apphost-tests");
        await using var host = AppHostProcess.Start("--data-dir", directory, "--gateway-port", "0");
        await host.WaitUntilUpAsync(AppHost.StartTimeout);

        string[] order = ["sites", "cases", "inspections", "gateway"];
        for (var i = 1; i < order.Length; i++)
        {
            host.IndexOf($"{order[i - 1]} is healthy").ShouldBeLessThan(host.IndexOf($"starting {order[i]} on"));
        }
        var gateway = AppHost.GatewayUrl().Match(host.Output);
        gateway.Success.ShouldBeTrue(host.Output);
        (await AppHost.HealthAsync(gateway.Groups[1].Value)).ShouldBe(HttpStatusCode.OK);

        var inspections = AppHost.State(directory, "apphost").Processes.Single(p => p.Role == "inspections");
        LinuxProcess.Signal(inspections.Pid, LinuxProcess.SigKill);
        await host.WaitForLineAsync("inspections exited unexpectedly", TimeSpan.FromSeconds(30));

        (await host.StopAsync()).ShouldBe(0, host.Output);
        for (var i = order.Length - 1; i > 0; i--)
        {
            host.IndexOf($"stopping {order[i]}").ShouldBeLessThan(host.IndexOf($"stopping {order[i - 1]}"));
        }
        host.IndexOf("stopping sites").ShouldBeLessThan(host.IndexOf("stopping RabbitMQ, Redis and PostgreSQL"));
        host.Lines.Count(line => line.Contains("exited unexpectedly", StringComparison.Ordinal)).ShouldBe(1);
        ThrowawayRuns.Delete(directory);
    }
}
