namespace RelicSecurity.LocalInfrastructure;

/// <summary>Where the Debian packages put the server programs, and what to install when one is missing.</summary>
internal static class ServerBinaries
{
    public static string Require(string path, string aptPackage) =>
        File.Exists(path) ? path : throw new MissingServerBinaryException(path, aptPackage);

    /// <summary>PostgreSQL's bin directory: version 15 when present, else the newest installed.</summary>
    public static string PostgresBin()
    {
        const string root = "/usr/lib/postgresql";
        var preferred = Path.Combine(root, "15", "bin");
        if (File.Exists(Path.Combine(preferred, "postgres")))
        {
            return preferred;
        }
        var newest = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return newest ?? throw new MissingServerBinaryException(Path.Combine(preferred, "postgres"), "postgresql");
    }
}
