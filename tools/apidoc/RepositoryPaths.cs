namespace RelicSecurity.ApiDoc;

/// <summary>Where the contract's .proto files and the generated reference live in the repository.</summary>
public sealed record RepositoryPaths(string Root)
{
    public string Protos => Path.Combine(Root, "libs", "RelicSecurity.Contracts", "Protos");

    public string ApiDocs => Path.Combine(Root, "docs", "api");

    /// <summary>The repository is the nearest directory at or above <paramref name="start"/> holding RelicSecurity.sln.</summary>
    public static RepositoryPaths Above(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RelicSecurity.sln")))
            {
                return new RepositoryPaths(directory.FullName);
            }
        }

        throw new DirectoryNotFoundException($"RelicSecurity.sln not found at or above {start}");
    }
}
