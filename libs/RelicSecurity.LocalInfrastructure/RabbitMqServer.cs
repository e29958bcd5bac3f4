using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.LocalInfrastructure;

/// <summary>
/// A private RabbitMQ node (Debian package rabbitmq-server) on 127.0.0.1 with its own epmd on its own
/// port, so that nothing is shared with other nodes on this machine and everything can be stopped by PID.
/// </summary>
public sealed class RabbitMqServer : LocalServer
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string Ctl = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private const string Epmd = "/usr/bin/epmd";

    private RabbitMqServer(string dataDirectory)
        : base(dataDirectory)
    {
        // Unique per data directory (several nodes run at once on this machine) and stable across
        // restarts (the node's message store is kept under its name).
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DataDirectory)))[..12];
        NodeName = $"relic-{hash}@localhost";
    }

    public override string Kind => "rabbitmq";

    public string NodeName { get; }

    /// <summary>"amqp://guest:guest@127.0.0.1:PORT/".</summary>
    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    private protected override string PrimaryPortName => "amqp";

    private protected override IReadOnlyList<string> PortNames { get; } = ["amqp", "dist", "epmd"];

    private string PidFile => Path.Combine(DataDirectory, "rabbit.pid");

    public static async Task<RabbitMqServer> StartAsync(string dataDirectory, CancellationToken ct = default)
    {
        var server = new RabbitMqServer(dataDirectory);
        await server.StartInitialAsync(ct).ConfigureAwait(false);
        return server;
    }

    private protected override async Task LaunchAsync(CancellationToken ct)
    {
        ServerBinaries.Require(ServerScript, "rabbitmq-server");
        var environment = Environment();
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "rabbitmq.conf"), $"""
            listeners.tcp.1 = 127.0.0.1:{Port}
            loopback_users.guest = true
            log.console = false
            log.file.level = info

            """, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "enabled_plugins"), "[].\n", ct).ConfigureAwait(false);

        // Our own epmd first: a node that finds none on its port would start an untracked daemon.
        if (!IsCompanionRunning("epmd"))
        {
            var epmd = StartProcess(new LaunchSpec(
                Role: "epmd",
                FileName: ServerBinaries.Require(Epmd, "erlang-base"),
                Arguments: ["-address", "127.0.0.1", "-port", Ports["epmd"].ToString(CultureInfo.InvariantCulture)],
                LogFile: LogFile("epmd"),
                StopSignal: LinuxProcess.SigTerm,
                Companion: true));
            await WaitUntilReadyAsync(epmd, ct => Probes.AcceptsConnectionsAsync(Ports["epmd"], ct), TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        }

        // A pid file left by a killed node would make "rabbitmqctl wait" watch a dead process.
        File.Delete(PidFile);
        var node = StartProcess(new LaunchSpec(
            Role: "rabbitmq",
            FileName: ServerScript,
            Arguments: [],
            LogFile: LogFile("rabbitmq"),
            StopSignal: LinuxProcess.SigTerm, // the node shuts down cleanly on SIGTERM
            Environment: environment));

        var waiting = ProcessLauncher.RunAsync(Ctl, ["wait", "--timeout", "90", PidFile], environment, null, ct);
        while (!waiting.IsCompleted)
        {
            if (!node.Identity.IsAlive)
            {
                throw new ServerStartException($"rabbitmq (pid {node.Pid}) exited while starting.{LogTail("rabbitmq")}");
            }
            await Task.WhenAny(waiting, Task.Delay(100, ct)).ConfigureAwait(false);
        }
        var (code, output) = await waiting.ConfigureAwait(false);
        if (code != 0)
        {
            throw new ServerStartException($"rabbitmqctl wait failed (exit {code}): {output.Trim()}{LogTail("rabbitmq")}");
        }
        await WaitUntilReadyAsync(node, AnswersAsync, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
    }

    public override Task<bool> AnswersAsync(CancellationToken ct) => Probes.AmqpConnectionStartAsync(Port, ct);

    /// <summary>
    /// Every path and port in the environment: the packaged defaults point at /var and /etc, which
    /// belong to the machine's own (unused) node.
    /// </summary>
    private Dictionary<string, string> Environment() => new()
    {
        ["HOME"] = DataDirectory, // the Erlang cookie lives here; rabbitmqctl needs the same one
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = Ports["dist"].ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["ERL_EPMD_PORT"] = Ports["epmd"].ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(DataDirectory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(DataDirectory, "log"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(DataDirectory, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(DataDirectory, "advanced.config"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(DataDirectory, "rabbitmq-env.conf"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(DataDirectory, "enabled_plugins"),
        ["RABBITMQ_PID_FILE"] = PidFile,
        ["ERL_CRASH_DUMP"] = Path.Combine(DataDirectory, "erl_crash.dump"),
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        // Makes the start script exec the Erlang VM instead of running it below a shell, so the
        // PID we start is the node's own and signals reach it directly.
        ["RUNNING_UNDER_SYSTEMD"] = "true",
    };
}
