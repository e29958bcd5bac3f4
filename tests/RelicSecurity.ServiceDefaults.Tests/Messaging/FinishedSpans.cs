using System.Collections.Concurrent;
using System.Diagnostics;

namespace RelicSecurity.ServiceDefaults.Tests.Messaging;

/// <summary>
/// Collects the spans of some sources as they end, without making any span exist: it samples nothing
/// itself, so it sees exactly what the host's own telemetry chose to record.
/// </summary>
public sealed class FinishedSpans : IDisposable
{
    private readonly ConcurrentQueue<Activity> finished = new();
    private readonly ActivityListener listener;

    public FinishedSpans(params string[] sources)
    {
        var names = sources.ToHashSet(StringComparer.Ordinal);
        listener = new ActivityListener
        {
            ShouldListenTo = source => names.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStopped = finished.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public IReadOnlyList<Activity> All => [.. finished];

    /// <summary>The consumer-side span (MassTransit's receive or consume) of the message with this id, if it ended.</summary>
    public Activity? ConsumerOf(Guid messageId) => finished.FirstOrDefault(span =>
        span.Kind == ActivityKind.Consumer && span.TagObjects.Any(tag => tag.Value?.ToString() == messageId.ToString()));

    public void Dispose() => listener.Dispose();
}
