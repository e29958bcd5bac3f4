using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using Shouldly;
using StackExchange.Redis;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

public sealed partial class AppHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly string[] ServerKinds = ["postgres", "redis", "rabbitmq"];

    [Fact]
    public async Task A_row_written_through_the_app_hosts_postgres_is_still_there_after_a_stop_and_start()
    {
        var directory = await ThrowawayRuns.CreateAsync("apphost-tests");
        int port;
        await using (var first = AppHostProcess.Start("--infrastructure-only", "--data-dir", directory))
        {
            await first.WaitUntilUpAsync(StartTimeout);
            port = State(directory, "postgres").Ports["postgres"];
            await SqlAsync(port, "CREATE TABLE heritage_site (code text PRIMARY KEY, name text NOT NULL)");
            await SqlAsync(port, "INSERT INTO heritage_site VALUES ('110000-001', 'Forbidden City')");
            (await first.StopAsync()).ShouldBe(0, first.Output);
        }
        State(directory, "postgres").Processes.ShouldBeEmpty();

        await using (var second = AppHostProcess.Start("--infrastructure-only", "--data-dir", directory))
        {
            await second.WaitUntilUpAsync(StartTimeout);
            State(directory, "postgres").Ports["postgres"].ShouldBe(port);
            (await SqlAsync(port, "SELECT name FROM heritage_site WHERE code = '110000-001'")).ShouldBe("Forbidden City");
            (await second.StopAsync()).ShouldBe(0, second.Output);
        }
        ThrowawayRuns.Delete(directory);
    }

    [Fact]
    public async Task Servers_left_by_a_killed_app_host_are_stopped_by_the_next_start_which_reuses_their_ports_and_data()
    {
        var directory = await ThrowawayRuns.CreateAsync("apphost-tests");
        var first = AppHostProcess.Start("--infrastructure-only", "--data-dir", directory);
        await first.WaitUntilUpAsync(StartTimeout);
        var before = ServerKinds.ToDictionary(kind => kind, kind => State(directory, kind));
        var orphans = before.Values.SelectMany(state => state.Processes).ToList();
        orphans.Count.ShouldBe(4);
        await SqlAsync(before["postgres"].Ports["postgres"], "CREATE TABLE find (name text); INSERT INTO find VALUES ('bronze mirror')");
        using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{before["redis"].Ports["redis"]}"))
        {
            await redis.GetDatabase().StringSetAsync("case:1", "open");
        }

        await first.KillAsync();
        orphans.ShouldAllBe(process => process.Identity.IsAlive, "the killed owner's servers keep running until someone stops them");

        await using var second = AppHostProcess.Start("--infrastructure-only", "--data-dir", directory);
        await second.WaitUntilUpAsync(StartTimeout);
        orphans.ShouldAllBe(process => !process.Identity.IsAlive);
        foreach (var kind in ServerKinds)
        {
            var after = State(directory, kind);
            after.Ports.ShouldBe(before[kind].Ports);
            after.OwnerPid.ShouldBe(second.Pid);
            after.Processes.ShouldAllBe(process => process.Identity.IsAlive);
        }
        (await SqlAsync(before["postgres"].Ports["postgres"], "SELECT name FROM find")).ShouldBe("bronze mirror");
        using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{before["redis"].Ports["redis"]}"))
        {
            ((string?)await redis.GetDatabase().StringGetAsync("case:1")).ShouldBe("open");
        }

        var running = ServerKinds.SelectMany(kind => State(directory, kind).Processes).ToList();
        (await second.StopAsync()).ShouldBe(0, second.Output);
        running.ShouldAllBe(process => !process.Identity.IsAlive);
        SystemState.ListeningPorts().Intersect(before.Values.SelectMany(state => state.Ports.Values)).ShouldBeEmpty();
        ThrowawayRuns.Delete(directory);
    }

    [Fact]
    public async Task The_app_host_starts_each_service_after_its_dependencies_and_stops_them_in_reverse()
    {
        var directory = await ThrowawayRuns.CreateAsync("apphost-tests");
        await using var host = AppHostProcess.Start("--data-dir", directory, "--gateway-port", "0");
        await host.WaitUntilUpAsync(StartTimeout);

        string[] order = ["sites", "cases", "inspections", "gateway"];
        for (var i = 1; i < order.Length; i++)
        {
            host.IndexOf($"{order[i - 1]} is healthy").ShouldBeLessThan(host.IndexOf($"starting {order[i]} on"));
        }
        var gateway = GatewayUrl().Match(host.Output);
        gateway.Success.ShouldBeTrue(host.Output);
        (await HealthAsync(gateway.Groups[1].Value)).ShouldBe(HttpStatusCode.OK);

        (await host.StopAsync()).ShouldBe(0, host.Output);
        for (var i = order.Length - 1; i > 0; i--)
        {
            host.IndexOf($"stopping {order[i]}").ShouldBeLessThan(host.IndexOf($"stopping {order[i - 1]}"));
        }
        host.IndexOf("stopping sites").ShouldBeLessThan(host.IndexOf("stopping RabbitMQ, Redis and PostgreSQL"));
        host.Output.ShouldNotContain("exited unexpectedly");
        ThrowawayRuns.Delete(directory);
    }

    private static ServerState State(string directory, string kind) =>
        ServerState.TryRead(Path.Combine(directory, kind)) ?? throw new InvalidOperationException($"no state file for {kind} in {directory}");

    private static async Task<object?> SqlAsync(int port, string sql)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=sites;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<HttpStatusCode> HealthAsync(string url)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/health/ready")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex(@"gateway\s+(http://127\.0\.0\.1:\d+)")]
    private static partial Regex GatewayUrl();
}
