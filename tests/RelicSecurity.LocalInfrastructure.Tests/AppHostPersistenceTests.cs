using Shouldly;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>Show 4: what a user entered survives the app host stopping and starting again.</summary>
[Collection(AppHost.Collection)]
public sealed class AppHostPersistenceTests
{
    [Fact]
    public async Task A_row_written_through_the_app_hosts_postgres_is_still_there_after_a_stop_and_start()
    {
        var directory = await ThrowawayRuns.CreateAsync("apphost-tests");
        int port;
        await using (var first = AppHostProcess.Start("--infrastructure-only", "--data-dir", directory))
        {
            await first.WaitUntilUpAsync(AppHost.StartTimeout);
            port = AppHost.State(directory, "postgres").Ports["postgres"];
            await AppHost.SqlAsync(port, "CREATE TABLE heritage_site (code text PRIMARY KEY, name text NOT NULL)");
            await AppHost.SqlAsync(port, "INSERT INTO heritage_site VALUES ('110000-001', 'Forbidden City')");
            (await first.StopAsync()).ShouldBe(0, first.Output);
        }
        AppHost.State(directory, "postgres").Processes.ShouldBeEmpty();

        await using (var second = AppHostProcess.Start("--infrastructure-only", "--data-dir", directory))
        {
            await second.WaitUntilUpAsync(AppHost.StartTimeout);
            AppHost.State(directory, "postgres").Ports["postgres"].ShouldBe(port);
            (await AppHost.SqlAsync(port, "SELECT name FROM heritage_site WHERE code = '110000-001'")).ShouldBe("Forbidden City");
            (await second.StopAsync()).ShouldBe(0, second.Output);
        }
        ThrowawayRuns.Delete(directory);
    }
}
