using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using RelicSecurity.Contracts.Events.Sites;
using RelicSecurity.ServiceDefaults.Messaging;

namespace RelicSecurity.AppHost.Tests;

/// <summary>
/// A consumer of SiteUpdated built like a suite service's (the event backbone's idempotent inbox), run by
/// the test against the app host's RabbitMQ: no service of the suite consumes SiteUpdated yet. It notes
/// the trace each update arrived in.
/// </summary>
public sealed class SiteUpdatedProbe : IdempotentConsumer<SiteUpdated>
{
    public static ConcurrentDictionary<string, ActivityTraceId> Traces { get; } = new();

    protected override Task ApplyAsync(SiteUpdated message, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // One update in flight in this test, so the current span is this message's consume span.
        if (Activity.Current is { } consume)
        {
            Traces[message.SiteId] = consume.TraceId;
        }
        return Task.CompletedTask;
    }
}
