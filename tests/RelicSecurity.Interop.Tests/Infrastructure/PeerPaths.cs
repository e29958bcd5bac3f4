namespace RelicSecurity.Interop.Tests.Infrastructure;

/// <summary>Where the peer programs and their interpreters are on this machine.</summary>
public static class PeerPaths
{
    /// <summary>Debian's python3 has grpcio; a pyenv python3 earlier on PATH does not.</summary>
    public const string Python = "/usr/bin/python3";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TestProjectDirectory => Path.Combine(RepoRoot, "tests", "RelicSecurity.Interop.Tests");

    public static string PythonPeer => Path.Combine(TestProjectDirectory, "python", "interop_peer.py");

    public static string PythonReflectionClient => Path.Combine(TestProjectDirectory, "python", "reflection_client.py");

    public static string NodePeer => Path.Combine(TestProjectDirectory, "node", "peer.js");

    public static string Node { get; } = FindOnPath("node");

    public static string Script(string peer) => peer switch
    {
        "python" => PythonPeer,
        "node" => NodePeer,
        _ => throw new ArgumentOutOfRangeException(nameof(peer), peer, "peer is python or node"),
    };

    public static string Interpreter(string peer) => peer == "python" ? Python : Node;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RelicSecurity.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"RelicSecurity.sln not found above {AppContext.BaseDirectory}");
    }

    private static string FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return name;
    }
}
