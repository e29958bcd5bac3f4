namespace RelicSecurity.AppHost;

/// <summary>Where the repository is: the default data directory is its .relic/.</summary>
internal static class RepositoryLayout
{
    private const string Solution = "RelicSecurity.sln";

    public static string Root { get; } = Find();

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Solution)))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"The app host runs from inside the repository ({Solution} not found above {AppContext.BaseDirectory}).");
    }
}
