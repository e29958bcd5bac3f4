using System.Globalization;

namespace RelicSecurity.AppHost;

/// <summary>The app host's command line.</summary>
/// <param name="DataDirectory">Where PostgreSQL, Redis and RabbitMQ keep their data between runs.</param>
/// <param name="Fresh">Wipe the data directory first.</param>
/// <param name="GatewayPort">The gateway's port (0: any free port).</param>
/// <param name="InfrastructureOnly">Start PostgreSQL, Redis and RabbitMQ (and the databases) but no service.</param>
/// <param name="DashboardPort">The Aspire dashboard's port on 127.0.0.1.</param>
/// <param name="StatusPagePort">The gateway's national dashboard page (HTTP/1.1) on 127.0.0.1; null: 7180, or a free port when the gateway's is.</param>
/// <param name="NoDemoData">Do not seed the small demo data on a fresh data directory.</param>
internal sealed record AppHostOptions(string DataDirectory, bool Fresh, int GatewayPort, bool InfrastructureOnly, int DashboardPort,
    int? StatusPagePort = null, bool NoDemoData = false)
{
    public const int DefaultGatewayPort = 7100;

    /// <summary>The national dashboard page has the suite's well-known browser address, so Aspire's dashboard moves aside.</summary>
    public const int DefaultStatusPagePort = 7180;

    public const int DefaultDashboardPort = 7190;

    private const string Usage = """
        usage: RelicSecurity.AppHost [--data-dir <path>] [--fresh] [--gateway-port <port>] [--page-port <port>] [--dashboard-port <port>] [--infrastructure-only] [--no-demo-data]

          --data-dir <path>       where the servers keep their data (default: .relic/ in the repository)
          --fresh                 wipe the data directory before starting
          --gateway-port <port>   the gateway's port on 127.0.0.1 (default 7100; 0 picks a free one)
          --page-port <port>      the national dashboard page (the gateway, HTTP/1.1) on 127.0.0.1 (default 7180;
                                  a free one when --gateway-port is 0)
          --dashboard-port <port> the Aspire dashboard's port on 127.0.0.1 (default 7190; ASPNETCORE_URLS overrides it)
          --infrastructure-only   start PostgreSQL, Redis and RabbitMQ only (for running services from an IDE)
          --no-demo-data          do not load the small demo data (otherwise loaded once, on a fresh data directory)
        """;

    /// <summary>Parses the arguments; prints usage and returns null when they are wrong or --help is asked.</summary>
    public static AppHostOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new AppHostOptions("", false, DefaultGatewayPort, false, DefaultDashboardPort);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--data-dir" when i + 1 < args.Count:
                    options = options with { DataDirectory = Path.GetFullPath(args[++i]) };
                    break;
                case "--fresh":
                    options = options with { Fresh = true };
                    break;
                case "--gateway-port" when i + 1 < args.Count
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options = options with { GatewayPort = port };
                    i++;
                    break;
                case "--dashboard-port" when i + 1 < args.Count
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var dashboard) && dashboard is > 0 and <= 65535:
                    options = options with { DashboardPort = dashboard };
                    i++;
                    break;
                case "--page-port" when i + 1 < args.Count
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is > 0 and <= 65535:
                    options = options with { StatusPagePort = page };
                    i++;
                    break;
                case "--infrastructure-only":
                    options = options with { InfrastructureOnly = true };
                    break;
                case "--no-demo-data":
                    options = options with { NoDemoData = true };
                    break;
                case "--help" or "-h":
                    Console.Out.WriteLine(Usage);
                    return null;
                default:
                    Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'");
                    Console.Error.WriteLine(Usage);
                    return null;
            }
        }
        options = options with
        {
            StatusPagePort = options.StatusPagePort
                ?? (options.GatewayPort == 0 ? RelicSecurity.LocalInfrastructure.PortAllocator.FreePort() : DefaultStatusPagePort),
        };
        return options.DataDirectory.Length > 0
            ? options
            : options with { DataDirectory = Path.Combine(RepositoryLayout.Root, ".relic") };
    }
}
