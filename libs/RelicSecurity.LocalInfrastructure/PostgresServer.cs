using System.Text.RegularExpressions;
using Npgsql;
using RelicSecurity.LocalInfrastructure.Processes;

namespace RelicSecurity.LocalInfrastructure;

/// <summary>A private PostgreSQL server (Debian package postgresql) on 127.0.0.1, trust authentication for user postgres.</summary>
public sealed partial class PostgresServer : LocalServer
{
    private const string User = "postgres";
    private readonly PostgresOptions options;

    private PostgresServer(string dataDirectory, PostgresOptions options)
        : base(dataDirectory)
    {
        this.options = options;
    }

    public override string Kind => "postgres";

    private protected override string PrimaryPortName => "postgres";

    private protected override IReadOnlyList<string> PortNames { get; } = ["postgres"];

    private string ClusterDirectory => Path.Combine(DataDirectory, "data");

    public static Task<PostgresServer> StartAsync(string dataDirectory, CancellationToken ct = default) =>
        StartAsync(dataDirectory, PostgresOptions.Durable, ct);

    public static async Task<PostgresServer> StartAsync(string dataDirectory, PostgresOptions options, CancellationToken ct = default)
    {
        var server = new PostgresServer(dataDirectory, options);
        await server.StartInitialAsync(ct).ConfigureAwait(false);
        return server;
    }

    /// <summary>"Host=127.0.0.1;Port=..;Username=postgres;Database=<paramref name="database"/>".</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>Creates a database; fails if it exists.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        ValidateName(name);
        await using var connection = await OpenAdminConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Creates a database unless it exists; true when it was created.</summary>
    public async Task<bool> EnsureDatabaseAsync(string name, CancellationToken ct = default)
    {
        ValidateName(name);
        await using var connection = await OpenAdminConnectionAsync(ct).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
        {
            return false;
        }
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return false;
        }
    }

    private protected override async Task LaunchAsync(CancellationToken ct)
    {
        var bin = ServerBinaries.PostgresBin();
        await PrepareDirectoryAsync(ct).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
        {
            await InitializeClusterAsync(bin, ct).ConfigureAwait(false);
        }
        List<string> arguments =
        [
            "-D", ClusterDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", DataDirectory, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
        ];
        if (!options.Fsync)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "full_page_writes=off"]);
        }
        var process = StartProcess(new LaunchSpec(
            Role: "postgres",
            FileName: Path.Combine(bin, "postgres"),
            Arguments: arguments,
            LogFile: LogFile("postgres"),
            StopSignal: LinuxProcess.SigInt, // "fast" shutdown: ends sessions, checkpoints, exits.
            RunAsUser: User));
        await WaitUntilReadyAsync(process, AnswersAsync, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
    }

    public override async Task<bool> AnswersAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAdminConnectionAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException)
        {
            // Refused while binding, or "the database system is starting up".
            return false;
        }
    }

    private async Task<NpgsqlConnection> OpenAdminConnectionAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false;Timeout=5");
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// PostgreSQL refuses to run as root, so as root it runs as the postgres user (through setpriv,
    /// which execs in place, unlike runuser, so the PID stays the server's). That user owns the
    /// directory and must be able to pass through its parents.
    /// </summary>
    private async Task PrepareDirectoryAsync(CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("LocalInfrastructure runs the Debian server packages on Linux.");
        }
        if (!ProcessLauncher.IsRoot)
        {
            return;
        }
        for (var dir = Path.GetDirectoryName(DataDirectory); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
            }
        }
        var (code, output) = await ProcessLauncher.RunAsync(
            ServerBinaries.Require("/usr/bin/chown", "coreutils"), [$"{User}:{User}", DataDirectory], null, null, ct).ConfigureAwait(false);
        if (code != 0)
        {
            throw new ServerStartException($"chown {User} {DataDirectory} failed: {output}");
        }
        File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private async Task InitializeClusterAsync(string bin, CancellationToken ct)
    {
        List<string> arguments = ["-D", ClusterDirectory, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"];
        if (!options.Fsync)
        {
            arguments.Add("--no-sync");
        }
        var (code, output) = await ProcessLauncher.RunAsync(
            Path.Combine(bin, "initdb"), arguments, null, User, ct).ConfigureAwait(false);
        if (code != 0)
        {
            throw new ServerStartException($"initdb failed in {ClusterDirectory} (exit {code}):{Environment.NewLine}{output}");
        }
    }

    private static void ValidateName(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"Database name '{name}' must be 1-63 characters of a-z, 0-9 and _, starting with a letter.", nameof(name));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
