using System.Text.Json;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.LocalInfrastructure;

/// <summary>
/// What a data directory remembers about its server: who owns it, its ports and its processes.
/// Written before a server is waited for, so that a SIGKILLed owner always leaves a trail.
/// </summary>
public sealed record ServerState(
    string Kind,
    int OwnerPid,
    long OwnerStartTicks,
    IReadOnlyDictionary<string, int> Ports,
    IReadOnlyList<TrackedProcess> Processes)
{
    public const string FileName = "relic-server.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public ProcessIdentity Owner => new(OwnerPid, OwnerStartTicks);

    public ServerState WithoutProcesses() => this with { Processes = [] };

    public static ServerState? TryRead(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ServerState>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            // A file torn by a crash mid-write: nothing in it can be trusted.
            return null;
        }
    }

    public void Write(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
