using System.Globalization;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.LocalInfrastructure;

/// <summary>
/// The registry of throwaway run directories (tests): each run gets a directory under one root,
/// marked with its owner's identity. A run whose owner died (SIGKILL, a crashed test host) is
/// found by the next run, its servers stopped and its directory deleted.
/// </summary>
public static class ThrowawayRuns
{
    private const string OwnerFile = "owner";

    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "relic-runs");

    /// <summary>Creates a fresh run directory after cleaning up abandoned ones.</summary>
    public static async Task<string> CreateAsync(string purpose)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("LocalInfrastructure runs the Debian server packages on Linux.");
        }
        await CleanAbandonedAsync().ConfigureAwait(false);
        var owner = ProcessIdentity.Current;
        var directory = Path.Combine(Root, $"{purpose}-{owner.Pid}-{Guid.NewGuid().ToString("N")[..8]}");
        // Readable by the postgres user, which must pass through on its way to its data directory.
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(Root, mode);
        Directory.CreateDirectory(directory, mode);
        await MarkOwnerAsync(directory, owner).ConfigureAwait(false);
        return directory;
    }

    /// <summary>Records which process owns a run: the run is abandoned once that process is gone.</summary>
    internal static Task MarkOwnerAsync(string directory, ProcessIdentity owner) =>
        File.WriteAllTextAsync(
            Path.Combine(directory, OwnerFile),
            string.Create(CultureInfo.InvariantCulture, $"{owner.Pid} {owner.StartTicks}"));

    /// <summary>Stops the servers of runs whose owner is gone and deletes their directories.</summary>
    public static async Task<int> CleanAbandonedAsync()
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }
        var cleaned = 0;
        foreach (var run in Directory.EnumerateDirectories(Root))
        {
            if (ReadOwner(run) is { IsAlive: true })
            {
                continue;
            }
            try
            {
                foreach (var state in Directory.EnumerateFiles(run, ServerState.FileName, SearchOption.AllDirectories))
                {
                    await LocalServer.StopLeftoversAsync(Path.GetDirectoryName(state)!).ConfigureAwait(false);
                }
                Directory.Delete(run, recursive: true);
                cleaned++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DataDirectoryInUseException)
            {
                // Another run is cleaning it up at the same moment, or it was adopted: leave it.
            }
        }
        return cleaned;
    }

    /// <summary>Deletes a run directory (its servers must be stopped).</summary>
    public static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static ProcessIdentity? ReadOwner(string run)
    {
        try
        {
            var parts = File.ReadAllText(Path.Combine(run, OwnerFile)).Split(' ');
            return new ProcessIdentity(
                int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            // No owner file: a run that is still being created gets the benefit of the doubt.
            return Directory.GetCreationTimeUtc(run) > DateTime.UtcNow.AddMinutes(-1) ? ProcessIdentity.Current : null;
        }
    }
}
