using System.Globalization;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.LocalInfrastructure;

/// <summary>A private Redis server (Debian package redis-server) on 127.0.0.1 with an append-only file.</summary>
public sealed class RedisServer : LocalServer
{
    private const string Binary = "/usr/bin/redis-server";

    private RedisServer(string dataDirectory)
        : base(dataDirectory)
    {
    }

    public override string Kind => "redis";

    /// <summary>"127.0.0.1:PORT", as StackExchange.Redis expects it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    private protected override string PrimaryPortName => "redis";

    private protected override IReadOnlyList<string> PortNames { get; } = ["redis"];

    public static async Task<RedisServer> StartAsync(string dataDirectory, CancellationToken ct = default)
    {
        var server = new RedisServer(dataDirectory);
        await server.StartInitialAsync(ct).ConfigureAwait(false);
        return server;
    }

    private protected override async Task LaunchAsync(CancellationToken ct)
    {
        var process = StartProcess(new LaunchSpec(
            Role: "redis",
            FileName: ServerBinaries.Require(Binary, "redis-server"),
            Arguments:
            [
                "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture),
                "--dir", DataDirectory, "--daemonize", "no", "--pidfile", Path.Combine(DataDirectory, "redis.pid"),
                // Every acknowledged write reaches the append-only file before the reply, so a SIGKILL loses none.
                "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
                "--logfile", "",
            ],
            LogFile: LogFile("redis"),
            StopSignal: LinuxProcess.SigTerm));
        await WaitUntilReadyAsync(process, AnswersAsync, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
    }

    public override Task<bool> AnswersAsync(CancellationToken ct) => Probes.RedisPongAsync(Port, ct);
}
