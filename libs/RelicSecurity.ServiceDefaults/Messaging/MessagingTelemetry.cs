using System.Diagnostics;

namespace RelicSecurity.ServiceDefaults.Messaging;

/// <summary>
/// Carries a write's trace across the outbox: the writer stores the W3C traceparent of the call that
/// appended the event, and the relay publishes the row under a span parented to it, so MassTransit's
/// publish, RabbitMQ's headers and the consumer's span all belong to the call's trace.
/// </summary>
public static class MessagingTelemetry
{
    public const string SourceName = "RelicSecurity.Messaging";

    static readonly ActivitySource Source = new(SourceName);

    /// <summary>The traceparent of the current span, or null outside any (or with a non-W3C id).</summary>
    internal static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// A span for publishing one outbox row, parented to the trace that wrote it (or a trace of its own
    /// when the row carries none); null when nobody listens. Becomes <see cref="Activity.Current"/> until disposed.
    /// </summary>
    internal static Activity? StartRelayPublish(string? traceParent, string messageType)
    {
        var parent = ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
        var activity = Source.StartActivity("outbox relay " + ShortName(messageType), ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.type", messageType);
        return activity;
    }

    /// <summary>"Ns.SiteUpdated, Assembly" → "SiteUpdated".</summary>
    static string ShortName(string messageType)
    {
        var type = messageType.Split(',')[0];
        return type[(type.LastIndexOf('.') + 1)..];
    }
}
