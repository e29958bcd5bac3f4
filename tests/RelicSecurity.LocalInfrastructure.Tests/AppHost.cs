using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.LocalInfrastructure.Tests;

/// <summary>What the app host tests share: timeouts, state files, SQL and health calls.</summary>
internal static partial class AppHost
{
    /// <summary>
    /// The tests that run an app host run one after another: each brings DCP, the dashboard and the
    /// servers (about 1 GB), and side by side on a loaded 2-core machine they starved each other.
    /// </summary>
    public const string Collection = "apphost";

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300);
    public static readonly string[] ServerKinds = ["postgres", "redis", "rabbitmq"];

    public static ServerState State(string directory, string kind) =>
        ServerState.TryRead(Path.Combine(directory, kind)) ?? throw new InvalidOperationException($"no state file for {kind} in {directory}");

    public static async Task<object?> SqlAsync(int port, string sql)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=sites;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public static async Task<HttpStatusCode> HealthAsync(string url)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/health/ready")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The gateway's address in the app host's ready banner ("gateway    127.0.0.1:PORT").</summary>
    [GeneratedRegex(@"gateway\s+(127\.0\.0\.1:\d+)")]
    public static partial Regex GatewayAddress();

    /// <summary>
    /// Every process the app host runs or had started: its own children (the servers), DCP (started
    /// detached, it names the app host it watches with --monitor) and whatever DCP runs (services, dashboard).
    /// </summary>
    public static IReadOnlyList<ProcessIdentity> ProcessTree(int appHostPid)
    {
        var dcp = SystemState.ProcessesMentioning($"--monitor {appHostPid.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return [.. LinuxProcess.Descendants(appHostPid).Concat(dcp).Concat(dcp.SelectMany(LinuxProcess.Descendants)).Distinct()
            .Select(pid => new ProcessIdentity(pid, LinuxProcess.StartTicks(pid) ?? 0))
            .Where(process => process.StartTicks != 0)];
    }
}
