using RelicSecurity.LocalInfrastructure;

namespace RelicSecurity.AppHost;

/// <summary>The data directory (.relic/ by default): servers' data, their state files, the local signing key.</summary>
internal static class DataDirectory
{
    /// <summary>
    /// Creates it; with --fresh first stops whatever a dead app host left running there and wipes it.
    /// (Without --fresh each server stops its own leftovers when it starts.)
    /// </summary>
    public static async Task PrepareAsync(AppHostOptions options)
    {
        if (options.Fresh && Directory.Exists(options.DataDirectory))
        {
            Console.Out.WriteLine($"--fresh: wiping {options.DataDirectory}");
            foreach (var state in Directory.EnumerateFiles(options.DataDirectory, ServerState.FileName, SearchOption.AllDirectories))
            {
                await LocalServer.StopLeftoversAsync(Path.GetDirectoryName(state)!);
            }
            Directory.Delete(options.DataDirectory, recursive: true);
        }
        Directory.CreateDirectory(options.DataDirectory);
    }
}
