using System.Globalization;
using System.Text;

namespace RelicSecurity.AppHost;

/// <summary>The summary printed once everything is healthy.</summary>
internal static class EndpointTable
{
    public static string Render(
        InfrastructureResource infrastructure, IReadOnlyList<ProjectResource> projects, string dataDirectory, TimeSpan elapsed)
    {
        var host = infrastructure.Host;
        var rows = new List<(string Name, string Endpoint, string Note)>
        {
            ("postgres", $"Host=127.0.0.1;Port={host.Postgres.Port};Username=postgres",
                "databases " + string.Join(", ", infrastructure.Databases.Select(d => d.Database))),
            ("redis", host.Redis.ConnectionString, "ConnectionStrings__redis"),
            ("rabbitmq", host.RabbitMq.ConnectionString, "ConnectionStrings__eventbus"),
        };
        rows.AddRange(projects.Select(p => (p.Name, p.Url, p.Name == "gateway" ? "gRPC over HTTP/2 cleartext: callers go here" : "gRPC over HTTP/2 cleartext")));

        var width = rows.Max(r => r.Endpoint.Length);
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"resource",-12} {"endpoint".PadRight(width)}  note");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {new string('-', 12)} {new string('-', width)}  {new string('-', 4)}");
        foreach (var (name, endpoint, note) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-12} {endpoint.PadRight(width)}  {note}");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"  data: {dataDirectory}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  started: {string.Join(", ", host.Servers.Select(s => $"{s.Kind} {s.StartupTime.TotalSeconds:0.0} s"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"RelicSecurity is up: all healthy in {elapsed.TotalSeconds:0.0} s. Press Ctrl+C to stop.");
        return text.ToString();
    }
}
