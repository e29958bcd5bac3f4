using RelicSecurity.LocalInfrastructure.Processes;
using Shouldly;
using Xunit;

namespace RelicSecurity.LocalInfrastructure.Tests;

[Collection(AppHost.Collection)]
public sealed class ThrowawayRunsTests
{
    [Fact]
    public async Task The_servers_of_a_run_whose_owner_was_killed_are_stopped_and_its_directory_deleted()
    {
        // The run's owner is an app host (any process that starts servers would do), as a test host would be.
        var directory = Path.Combine(ThrowawayRuns.Root, $"abandoned-{Guid.NewGuid():N}");
        var owner = AppHostProcess.Start("--infrastructure-only", "--data-dir", directory);
        await ThrowawayRuns.MarkOwnerAsync(Directory.CreateDirectory(directory).FullName, ProcessIdentity.Of(owner.Pid)!);
        await owner.WaitUntilUpAsync(AppHost.StartTimeout);
        var orphans = AppHost.ServerKinds.SelectMany(kind => AppHost.State(directory, kind).Processes).ToList();
        await owner.KillAsync();
        orphans.ShouldAllBe(process => process.Identity.IsAlive);

        // Every new run cleans up first; a run started in parallel may have got there already.
        await ThrowawayRuns.CleanAbandonedAsync();

        orphans.ShouldAllBe(process => !process.Identity.IsAlive);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.Exists(directory) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Directory.Exists(directory).ShouldBeFalse();
        await owner.DisposeAsync();
    }
}
