using System.Reflection;

namespace RelicSecurity.AppHost;

/// <summary>Where the repository is, and where each project's build output of this configuration lives.</summary>
internal sealed class RepositoryLayout(string root)
{
    private const string Solution = "RelicSecurity.sln";

    private static readonly Lazy<RepositoryLayout> Discovered = new(Find);

    public string Root { get; } = root;

    public static string Configuration { get; } = Metadata("Configuration") ?? "Release";

    private static string TargetFramework { get; } = Metadata("TargetFramework") ?? "net10.0";

    public static RepositoryLayout Discover() => Discovered.Value;

    /// <summary>The built assembly of a project given as "services/Sites/RelicSecurity.Sites".</summary>
    public string AssemblyOf(string project)
    {
        var directory = Path.Combine(Root, Path.GetDirectoryName(project)!, "bin", Configuration, TargetFramework);
        var dll = Path.Combine(directory, Path.GetFileName(project) + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException(
                $"{dll} is not built; build the solution first: dotnet build -c {Configuration} {Solution} (scripts/run.sh does).", dll);
    }

    private static RepositoryLayout Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Solution)))
                {
                    return new RepositoryLayout(dir.FullName);
                }
            }
        }
        throw new InvalidOperationException($"The app host runs from inside the repository ({Solution} not found above {AppContext.BaseDirectory}).");
    }

    private static string? Metadata(string key) =>
        typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
