using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RelicSecurity.ServiceDefaults.Persistence;
using RelicSecurity.Testing;
using Shouldly;
using Xunit;

namespace RelicSecurity.ServiceDefaults.Tests.Persistence;

[Collection("servers")]
public sealed class MigratedDatabaseHealthCheckTests(LocalServersFixture servers)
{
    [Fact]
    public async Task A_database_is_ready_only_once_migrated_and_answering()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("health"));
        var migrated = false;
        var check = new ThingsDatabaseHealthCheck(dataSource, () => migrated);

        var before = await check.CheckHealthAsync(new HealthCheckContext());
        migrated = true;
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        before.Status.ShouldBe(HealthStatus.Unhealthy);
        before.Description.ShouldBe("migrations not applied yet");
        after.Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task An_unreachable_database_is_not_ready_and_says_which()
    {
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Timeout=2");
        var check = new ThingsDatabaseHealthCheck(dataSource, () => true);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description.ShouldBe("things database unreachable");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ThingsDatabaseHealthCheck(NpgsqlDataSource dataSource, Func<bool> migrated)
        : MigratedDatabaseHealthCheck(dataSource, migrated, "things");
}
