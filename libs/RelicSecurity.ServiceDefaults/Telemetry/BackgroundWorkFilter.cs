using System.Diagnostics;
using OpenTelemetry;

namespace RelicSecurity.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps database and Redis commands that run outside any call or message out of the exported traces:
/// the outbox relay, the inbox, the nearby-index feed and the health checks poll several times a second,
/// and each poll would be a trace of its own. The same commands inside a call or a consumed message keep
/// their spans (they have a parent).
/// </summary>
internal sealed class BackgroundWorkFilter : BaseProcessor<Activity>
{
    static readonly HashSet<string> PollingSources = new(StringComparer.Ordinal)
    {
        "Npgsql",
        "OpenTelemetry.Instrumentation.StackExchangeRedis",
    };

    public override void OnStart(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ParentSpanId == default && PollingSources.Contains(data.Source.Name))
        {
            // Exporters skip activities that are not recorded; IsAllDataRequested spares the tags.
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            data.IsAllDataRequested = false;
        }
    }
}
